package dev.swiftlet.daemon.api;

import dev.swiftlet.daemon.frontend.HandOver;
import dev.swiftlet.sys.Fd;

/** The control of a daemon without lifecycle: RUNNING from the start, nothing to hand over. */
enum AlwaysRunning implements DaemonControl {
    INSTANCE;

    @Override
    public DaemonState state() {
        return DaemonState.RUNNING;
    }

    @Override
    public void start() throws ApiException {
        throw ApiException.unexpectedEvent("start", DaemonState.RUNNING);
    }

    @Override
    public void takeOver(Fd deviceFd) throws ApiException {
        throw ApiException.unexpectedEvent("takeover", DaemonState.RUNNING);
    }

    @Override
    public HandOver handOver() throws ApiException {
        throw ApiException.unsupported("this daemon has nothing to hand over");
    }

    @Override
    public void exit() {
        // nothing to stop
    }
}
