/**
 * The admin API: HTTP/1.1 on a Unix domain socket (mode 0600), nydusd-compatible for everything
 * nydus-snapshotter calls in fscache mode, plus Swiftlet's own {@code /api/v1/swiftlet/*} and a Prometheus
 * endpoint. {@link dev.swiftlet.daemon.api.AdminServer} owns the netty transport (size limit, nydusd's
 * headers, debug logging), {@link dev.swiftlet.daemon.api.AdminRouter} maps requests to
 * {@link dev.swiftlet.daemon.api.BlobCacheEntries} (the image table plus the entries as received), to
 * {@link dev.swiftlet.daemon.api.DaemonControl} (the daemon's state machine, implemented by {@code Daemon}),
 * to {@link dev.swiftlet.daemon.api.MetricsEndpoints} and to the fail-over steps of {@code daemon.failover}.
 * Front ends take part only through the ports of {@code daemon.frontend}. {@link dev.swiftlet.daemon.api.AdminClient}
 * is the CLI's side. Contract: {@code admin-api.yaml}.
 */
package dev.swiftlet.daemon.api;
