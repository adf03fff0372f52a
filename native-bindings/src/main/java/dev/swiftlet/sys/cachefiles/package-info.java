/** /dev/cachefiles in on-demand mode: the device commands and the parsed request messages. */
package dev.swiftlet.sys.cachefiles;
