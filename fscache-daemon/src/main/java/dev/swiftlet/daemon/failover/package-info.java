/**
 * nydusd's fail-over and hot upgrade, as the daemon's side of nydus-snapshotter's supervisor:
 * {@link dev.swiftlet.daemon.failover.Supervisor} speaks the socket protocol (state + descriptor over SCM_RIGHTS),
 * {@link dev.swiftlet.daemon.failover.SavedState} is what is saved, and {@link dev.swiftlet.daemon.failover.FailOver}
 * runs the sendfd and takeover steps. Knows nothing of HTTP; the admin API decides when a step is allowed.
 */
package dev.swiftlet.daemon.failover;
