package dev.swiftlet.fetch.testing;

import dev.swiftlet.fetch.Sleeper;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A {@link Sleeper} the test steps: each sleep blocks until {@link #runRound()} lets it go, and {@code runRound}
 * returns once the loop that slept has come back to sleep, i.e. once exactly one round of its work is done. Records
 * the delays asked for. Serves one looping thread. Interrupting the sleeping thread ends the sleep as a real one would.
 */
public final class SteppedSleeper implements Sleeper {
    private final Semaphore go = new Semaphore(0);
    private final Semaphore asleep = new Semaphore(0);
    /** Every delay asked for, in nanoseconds, in order. */
    public final List<Long> asked = new CopyOnWriteArrayList<>();

    @Override
    public void sleep(long nanos) throws InterruptedException {
        asked.add(nanos);
        asleep.release();
        go.acquire();
    }

    /** Waits until the loop sleeps, wakes it, and waits until it sleeps again. */
    public void runRound() throws InterruptedException {
        awaitAsleep();
        go.release();
        awaitAsleep();
        asleep.release(); // it is still asleep: the next round starts from here
    }

    private void awaitAsleep() throws InterruptedException {
        if (!asleep.tryAcquire(30, TimeUnit.SECONDS)) throw new AssertionError("the loop never came back to sleep");
    }
}
