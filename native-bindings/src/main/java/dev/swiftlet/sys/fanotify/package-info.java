/** fanotify pre-content groups (Linux 6.14+): marks, range events and their answers. */
package dev.swiftlet.sys.fanotify;
