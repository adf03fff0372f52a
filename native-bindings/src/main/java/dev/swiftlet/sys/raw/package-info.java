/** Raw Panama bindings in jextract's shape (header classes Libc, Cachefiles, Fanotify, Mount; one class per C struct). Internal: results are C values or -errno; nothing throws. Checked against the C headers by LayoutsMatchCHeadersTest. */
package dev.swiftlet.sys.raw;
