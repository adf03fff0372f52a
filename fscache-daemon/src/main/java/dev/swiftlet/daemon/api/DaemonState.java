package dev.swiftlet.daemon.api;

/**
 * The daemon states reported by {@code GET /api/v1/daemon}, named as nydusd names them (nydus-snapshotter
 * compares the strings). nydusd's machine: INIT --takeover--> READY --start--> RUNNING; a normal start
 * binds the front end and goes straight to RUNNING before the API socket exists; {@code --upgrade} stays
 * INIT until a takeover. STOPPED once the daemon shuts down.
 */
public enum DaemonState {
    INIT,
    RUNNING,
    READY,
    STOPPED,
    UNKNOWN
}
