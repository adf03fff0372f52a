package dev.swiftlet.daemon.api;

import dev.swiftlet.daemon.frontend.HandOver;
import dev.swiftlet.sys.Fd;
import java.io.IOException;

/**
 * What the admin API asks of the daemon beyond the image registry: its state and nydusd's lifecycle events
 * (start, takeover, exit) and the descriptor it hands over. {@code Daemon} implements it; the router never
 * sees front ends.
 */
public interface DaemonControl {
    DaemonState state();

    /** READY → RUNNING: start serving the kernel ({@code PUT /api/v1/daemon/start}). */
    void start() throws IOException;

    /**
     * INIT → READY: adopt {@code deviceFd}, received from the supervisor, as the front end's kernel descriptor
     * (cachefiles: write {@code restore}). The images were already re-registered. Takes ownership of the fd.
     */
    void takeOver(Fd deviceFd) throws IOException;

    /** The descriptor to send to the supervisor ({@code sendfd}); still owned by the daemon. */
    HandOver handOver() throws IOException;

    /**
     * Before {@link #exit}: stop taking kernel requests and let those already taken finish (bounded), so a
     * successor that has taken over never depends on a request this daemon took and dropped. Blocks.
     */
    default void quiesce() throws IOException {}

    /** Stops the daemon ({@code PUT /api/v1/daemon/exit}); returns at once, the stop happens on another thread. */
    void exit();
}
