package dev.swiftlet.daemon.frontend.cachefiles;

import dev.swiftlet.sys.NativeException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What to do with a READ for an object this daemon never opened. It has no anonymous fd to complete it through,
 * and a READ nobody completes leaves its reader blocked for good. This happens in a hand-over: a successor that
 * starts serving while its predecessor still holds the object receives READs queued for the predecessor's objects.
 * Once those objects close, the kernel re-opens them on their next request, so the cure is to have the kernel hand
 * the READ out again a little later: the {@code restore} command marks every pending request as new. Restores are
 * debounced (one per {@link #DELAY_MILLIS}) and each object gets {@link #MAX_ATTEMPTS} of them, so a READ that can
 * never be served costs a bounded number of retries and an error in the log, not a loop.
 */
final class UnknownObjectReads {
    private static final System.Logger LOG = System.getLogger(UnknownObjectReads.class.getName());
    static final long DELAY_MILLIS = 500;
    static final int MAX_ATTEMPTS = 40; // 20 s: longer than a predecessor takes to finish and close its objects

    /** Writes {@code restore} to the device. */
    @FunctionalInterface
    interface Restore {
        void run() throws NativeException;
    }

    private final Restore restore;
    /** Runs a task {@link #DELAY_MILLIS} from now; a test passes one it runs by hand. */
    private final Executor afterDelay;

    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Map<Integer, Integer> attempts = new ConcurrentHashMap<>();

    UnknownObjectReads(Restore restore) {
        this(
                restore,
                CompletableFuture.delayedExecutor(
                        DELAY_MILLIS,
                        TimeUnit.MILLISECONDS,
                        Executors.newThreadPerTaskExecutor(
                                Thread.ofVirtual().name("cachefiles-restore").factory())));
    }

    UnknownObjectReads(Restore restore, Executor afterDelay) {
        this.restore = restore;
        this.afterDelay = afterDelay;
    }

    /**
     * Called for each READ whose object is unknown; schedules a restore unless the object has had its share. Returns
     * true when the READ is handed back to the kernel, false when it is given up on (a failure to count).
     */
    boolean seen(int msgId, int objectId) {
        int n = attempts.merge(objectId, 1, Integer::sum);
        if (n > MAX_ATTEMPTS) {
            if (n == MAX_ATTEMPTS + 1) {
                LOG.log(
                        System.Logger.Level.ERROR,
                        "READ {0} for unknown object {1}: still unknown after {2} restores;"
                                + " giving up on it (its reader stays blocked until the object is closed)",
                        msgId,
                        objectId,
                        MAX_ATTEMPTS);
            }
            return false;
        }
        LOG.log(
                System.Logger.Level.WARNING,
                "READ {0} for unknown object {1} (attempt {2}): asking the kernel to hand it"
                        + " out again once the object is re-opened",
                msgId,
                objectId,
                n);
        if (!scheduled.compareAndSet(false, true)) return true;
        afterDelay.execute(() -> {
            scheduled.set(false);
            try {
                restore.run();
            } catch (NativeException e) {
                LOG.log(
                        System.Logger.Level.ERROR,
                        "restore after a READ for an unknown object failed: " + e.getMessage());
            }
        });
        return true;
    }

    /** An object was opened: a later READ for its id is a new story. */
    void opened(int objectId) {
        attempts.remove(objectId);
    }
}
