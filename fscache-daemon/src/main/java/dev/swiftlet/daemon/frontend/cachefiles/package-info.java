/** The cachefiles on-demand front end (/dev/cachefiles, Linux 5.19 to 7.1): OPEN, READ and CLOSE. */
package dev.swiftlet.daemon.frontend.cachefiles;
