package dev.swiftlet.daemon.failover;

import dev.swiftlet.sys.Fd;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A saved state {@code scripts/nydusd-prestart.py} received from the supervisor before this JVM started (the
 * supervisor offers it for 10 s only, which an emulated or loaded JVM may miss): the state in a private file, the
 * descriptors inherited open. Taken once, by the takeover from that same supervisor; described by the
 * {@code SWIFTLET_EARLY_SUPERVISOR}, {@code _STATE} and {@code _FDS} environment variables.
 */
final class EarlyTakeover {
    private static final Object LOCK = new Object();
    private static boolean taken;

    private EarlyTakeover() {}

    /** The state received early from {@code supervisor}, or null (none, or already taken). */
    static Supervisor.Restored claim(Path supervisor) throws IOException {
        return claim(supervisor, System.getenv());
    }

    static Supervisor.Restored claim(Path supervisor, Map<String, String> env) throws IOException {
        synchronized (LOCK) {
            String from = env.get("SWIFTLET_EARLY_SUPERVISOR");
            String file = env.get("SWIFTLET_EARLY_STATE");
            if (taken || from == null || file == null || !Path.of(from).equals(supervisor)) return null;
            taken = true;
            List<Fd> fds = new ArrayList<>();
            String list = env.getOrDefault("SWIFTLET_EARLY_FDS", "");
            for (String n : list.split(",")) {
                if (!n.isBlank()) fds.add(Fd.adopt(Integer.parseInt(n.strip())));
            }
            Path state = Path.of(file);
            try {
                byte[] data = Files.readAllBytes(state);
                if (data.length == 0 || data.length > Supervisor.MAX_STATE) {
                    throw new IOException("the state the launcher received (" + data.length + " bytes) is not one");
                }
                System.getLogger(EarlyTakeover.class.getName())
                        .log(
                                System.Logger.Level.INFO,
                                "takeover from {0}: the state ({1} bytes) and {2} descriptor(s) the launcher received at start",
                                supervisor,
                                data.length,
                                fds.size());
                return new Supervisor.Restored(data, fds);
            } catch (IOException | RuntimeException e) {
                fds.forEach(Fd::closeQuietly);
                throw new IOException(
                        "takeover from " + supervisor + " (received by the launcher): " + e.getMessage(), e);
            } finally {
                Files.deleteIfExists(state);
            }
        }
    }
}
