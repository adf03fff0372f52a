package dev.swiftlet.daemon.frontend;

/**
 * A front end whose kernel descriptor must survive the daemon: {@code PUT /api/v1/daemon/fuse/sendfd} sends
 * it to the supervisor with SCM_RIGHTS, and a successor adopts it on takeover. For cachefiles this is the
 * /dev/cachefiles fd (closing its last copy kills every mount's data path).
 */
public interface HandOver {
    /** The descriptor to hand over; it stays owned by the front end (the supervisor gets a duplicate). */
    int deviceFd();
}
