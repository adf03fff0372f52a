/**
 * The fanotify front end (Linux 6.14+): one sparse cache file per blob, marked FAN_PRE_ACCESS before the
 * file-backed EROFS mount; every pre-content event is filled through its own event fd and answered once.
 */
package dev.swiftlet.daemon.frontend.fanotify;
