package dev.swiftlet.daemon.failover;

import com.fasterxml.jackson.databind.JsonNode;
import dev.swiftlet.sys.Fd;
import java.io.IOException;
import java.util.List;

/**
 * nydusd's two fail-over steps against one supervisor: {@link #sendFd} saves the daemon's entries and kernel
 * descriptor, {@link #takeOver} restores a predecessor's. Which step the daemon's state allows is the caller's
 * decision (the admin API answers nydusd's UnexpectedEvent); this class only speaks the protocol and keeps its
 * promises: every sendfd reaches the supervisor, and every descriptor received is adopted or closed.
 */
public final class FailOver {
    private static final System.Logger LOG = System.getLogger(FailOver.class.getName());

    /** The descriptor to hand over, still owned by the daemon (the supervisor gets a duplicate). */
    @FunctionalInterface
    public interface DeviceSource {
        int deviceFd() throws IOException;
    }

    /** Re-registers one saved entry; throws when it no longer registers. */
    @FunctionalInterface
    public interface EntrySink {
        void add(JsonNode entry) throws IOException;
    }

    /** Adopts the predecessor's kernel descriptor and takes ownership of it. */
    @FunctionalInterface
    public interface Adopter {
        void adopt(Fd device) throws IOException;
    }

    private final Supervisor supervisor;
    private final String daemonId;
    private final String frontEnd;

    /**
     * @param daemonId {@code --id}, recorded in the saved state
     * @param frontEnd the front end whose descriptor is handed over ("cachefiles", "fanotify", "none")
     */
    public FailOver(Supervisor supervisor, String daemonId, String frontEnd) {
        this.supervisor = supervisor;
        this.daemonId = daemonId;
        this.frontEnd = frontEnd;
    }

    /**
     * Saves {@code entries} and the descriptor to the supervisor. The snapshotter calls this after each mount and
     * umount while its supervisor waits, with no timeout and holding a lock, for a connection, so every call
     * connects, whatever else fails: when {@code device} is null (INIT: the daemon holds no descriptor yet, it waits
     * to take over the one the supervisor keeps) or cannot give its descriptor, the entries go without one, and
     * nydus-snapshotter's supervisor, which stores only a state that comes with a descriptor, keeps its predecessor's.
     */
    public void sendFd(List<JsonNode> entries, DeviceSource device) throws IOException {
        byte[] saved = new SavedState(daemonId, frontEnd, entries).toBytes();
        if (device == null) {
            supervisor.save(saved);
            LOG.log(
                    System.Logger.Level.INFO,
                    "sendfd without a descriptor (none held yet): sent the entries to supervisor {0}",
                    supervisor.socket());
            return;
        }
        Fd fd;
        try {
            fd = Fd.borrow(device.deviceFd());
        } catch (IOException | RuntimeException e) {
            supervisor.save(saved);
            throw e;
        }
        supervisor.save(saved, fd);
        LOG.log(
                System.Logger.Level.INFO,
                "saved the blob cache entries and the device fd to supervisor {0}",
                supervisor.socket());
    }

    /**
     * Takes over from the daemon that last saved to the supervisor: re-registers its entries (an entry that no longer
     * registers is logged and skipped, so the other images keep working), then adopts its first descriptor. Closes
     * every other descriptor received, and all of them when it fails.
     *
     * @return how many of the saved entries were restored
     */
    public int takeOver(EntrySink entries, Adopter adopter) throws IOException {
        Supervisor.Restored restored = supervisor.restore();
        List<Fd> fds = restored.fds();
        int added = 0;
        try {
            if (fds.isEmpty()) {
                throw new IOException(
                        "takeover from supervisor " + supervisor.socket() + ": no descriptor came with the state");
            }
            SavedState saved = SavedState.parse(restored.state());
            for (JsonNode entry : saved.entries()) {
                try {
                    entries.add(entry);
                    added++;
                } catch (IOException e) {
                    LOG.log(
                            System.Logger.Level.ERROR,
                            "takeover: entry " + entry.path("domain_id").asText("") + "/"
                                    + entry.path("id").asText("") + " not restored: " + e.getMessage());
                }
            }
            adopter.adopt(fds.getFirst());
            LOG.log(
                    System.Logger.Level.INFO,
                    "took over from daemon {0} ({1}): {2} of {3} entries restored",
                    saved.daemonId(),
                    saved.frontEnd(),
                    added,
                    saved.entries().size());
        } catch (IOException | RuntimeException e) {
            fds.forEach(Fd::closeQuietly);
            throw e;
        }
        fds.subList(1, fds.size()).forEach(Fd::closeQuietly);
        return added;
    }
}
