/**
 * The admin API: HTTP/1.1 on a Unix domain socket (mode 0600), nydusd-compatible where nydusd has the
 * endpoint ({@code /api/v1/daemon}, {@code /api/v2/blobs}, {@code /api/v1/metrics/blobcache}) plus
 * Swiftlet's own {@code /api/v1/swiftlet/*}. {@link dev.swiftlet.daemon.api.AdminServer} owns the netty
 * transport, {@link dev.swiftlet.daemon.api.AdminRouter} maps requests to registry calls, and
 * {@link dev.swiftlet.daemon.api.AdminClient} is the CLI's side. Contract: {@code admin-api.yaml}.
 */
package dev.swiftlet.daemon.api;
