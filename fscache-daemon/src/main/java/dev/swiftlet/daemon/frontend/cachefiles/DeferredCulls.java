package dev.swiftlet.daemon.frontend.cachefiles;

import dev.swiftlet.daemon.frontend.Culler;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Culls the kernel did not let happen yet, done once it does. cachefiles keeps an open object's backing file as an
 * unlinked tmpfile and links it in as {@code D<key>} only after the object is let go (after its CLOSE), and refuses
 * to cull a linked file an object still uses. nydus-snapshotter asks for each cull once, racing that release: a
 * layer's cull when its snapshot is removed (while the mount may still be up) and the bootstrap's right after the
 * umount. Without a second try the file would stay until something evicts it. So a cull the kernel refused is
 * remembered; after the kernel's CLOSE for its key it is tried again, after growing pauses, until the file has been
 * linked in and culled or the tries run out (logged). A key registered again in the meantime is left alone.
 */
final class DeferredCulls {
    private static final System.Logger LOG = System.getLogger(DeferredCulls.class.getName());
    /** Pauses before each try after a CLOSE: the kernel links the file in right after it sends CLOSE. */
    static final List<Duration> PAUSES = List.of(
            Duration.ofMillis(200),
            Duration.ofMillis(500),
            Duration.ofSeconds(1),
            Duration.ofSeconds(2),
            Duration.ofSeconds(4),
            Duration.ofSeconds(8),
            Duration.ofSeconds(16));

    /** One cull of every backing file of a key (the culler's own call). */
    interface Cull {
        Culler.Culled cull(String key) throws IOException;
    }

    /** Runs a task after a pause (a timer thread in the daemon, a list the test runs by hand). */
    interface Timer {
        void after(Duration pause, Runnable task);
    }

    private final Cull cull;
    private final Timer timer;
    /** Whether an object of the key is open in the kernel now: no try before its CLOSE. */
    private final Predicate<String> open;
    /** Whether an image or blob with the key is registered: then it is wanted again and the cull is dropped. */
    private final Predicate<String> registered;

    private final Set<String> pending = ConcurrentHashMap.newKeySet();

    DeferredCulls(Cull cull, Timer timer, Predicate<String> open, Predicate<String> registered) {
        this.cull = cull;
        this.timer = timer;
        this.open = open;
        this.registered = registered;
    }

    /**
     * Remembers a cull of {@code key} the kernel did not allow now. When no object of the key is open any more (its
     * CLOSE came, the file is being linked in), the tries start at once; else they start at {@link #closed}.
     */
    void defer(String key) {
        pending.add(key);
        LOG.log(
                System.Logger.Level.INFO,
                "cull {0} deferred: the kernel still holds its backing file; culled once released",
                key);
        if (!open.test(key)) tryAfter(key, 0);
    }

    /** The kernel's CLOSE of an object of {@code key}. */
    void closed(String key) {
        if (pending.contains(key) && !open.test(key)) tryAfter(key, 0);
    }

    boolean isPending(String key) {
        return pending.contains(key);
    }

    private void tryAfter(String key, int attempt) {
        timer.after(PAUSES.get(attempt), () -> attempt(key, attempt));
    }

    private void attempt(String key, int attempt) {
        if (!pending.contains(key)) return;
        if (registered.test(key)) {
            pending.remove(key);
            LOG.log(System.Logger.Level.INFO, "deferred cull {0} dropped: it is registered again", key);
            return;
        }
        if (open.test(key)) return; // opened again: the next CLOSE starts over
        try {
            Culler.Culled c = cull.cull(key);
            if (c.removed() > 0 && c.inUse().isEmpty()) {
                pending.remove(key);
                LOG.log(System.Logger.Level.INFO, "deferred cull {0}: {1} backing file(s) removed", key, c.removed());
                return;
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "deferred cull " + key + ", try " + (attempt + 1) + ": " + e.getMessage());
        }
        if (attempt + 1 < PAUSES.size()) {
            tryAfter(key, attempt + 1);
        } else {
            pending.remove(key);
            LOG.log(
                    System.Logger.Level.WARNING,
                    "deferred cull {0} given up after {1} tries: its backing file did not "
                            + "appear or stayed in use; the cache limit or a later cull removes it",
                    key,
                    PAUSES.size());
        }
    }
}
