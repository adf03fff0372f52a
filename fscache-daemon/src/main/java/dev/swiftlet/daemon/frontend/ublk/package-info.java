/**
 * The ublk front end: for kernels with neither cachefiles on-demand nor fanotify pre-content hooks (stock 6.1-6.12),
 * every image is a set of ublk block devices (its bootstrap, and one per blob) that Swiftlet serves from its cache
 * files, filling missing ranges on demand; EROFS mounts them as {@code /dev/ublkbB} with {@code device=} options.
 */
package dev.swiftlet.daemon.frontend.ublk;
