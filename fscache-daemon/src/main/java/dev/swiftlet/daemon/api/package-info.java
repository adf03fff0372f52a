/**
 * The admin API: HTTP/1.1 on a Unix domain socket (mode 0600), nydusd-compatible for everything
 * nydus-snapshotter calls in fscache mode, plus Swiftlet's own {@code /api/v1/swiftlet/*} and a Prometheus
 * endpoint. {@link dev.swiftlet.daemon.api.AdminServer} owns the netty transport (size limit, nydusd's
 * headers, debug logging), {@link dev.swiftlet.daemon.api.AdminRouter} maps requests to
 * {@link dev.swiftlet.daemon.api.BlobCacheEntries} (the registry plus the entries as received) and to
 * {@link dev.swiftlet.daemon.api.DaemonControl} (the daemon's state machine), and
 * {@link dev.swiftlet.daemon.api.Supervisor} speaks the fail-over protocol (state + descriptor over
 * SCM_RIGHTS). Front ends take part only through {@link dev.swiftlet.daemon.frontend.HandOver} and
 * {@link dev.swiftlet.daemon.frontend.Culler}. {@link dev.swiftlet.daemon.api.AdminClient} is the CLI's side.
 * Contract: {@code admin-api.yaml}.
 */
package dev.swiftlet.daemon.api;



