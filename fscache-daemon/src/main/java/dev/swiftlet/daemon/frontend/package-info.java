/**
 * What every kernel front end shares and what the rest of the daemon may ask of one: the
 * {@link dev.swiftlet.daemon.frontend.FrontEnd} loop, how it wants an image mounted
 * ({@link dev.swiftlet.daemon.frontend.MountPlan}), and the optional capabilities the admin API uses
 * ({@link dev.swiftlet.daemon.frontend.HandOver} for fail-over, {@link dev.swiftlet.daemon.frontend.Culler} for
 * {@code DELETE /api/v2/blobs?blob_id=}). The implementations are in {@code cachefiles} and {@code fanotify}.
 */
package dev.swiftlet.daemon.frontend;
