package dev.swiftlet.fetch;

import java.time.Duration;

/**
 * How a thread waits out a delay (a retry backoff, the interval between health checks). Production code uses
 * {@link #SYSTEM}; tests pass one that records the delays asked for, or blocks until the test lets a round run, so
 * no test waits on wall time.
 */
@FunctionalInterface
public interface Sleeper {
    /** The real wait: {@link Thread#sleep(Duration)}. */
    Sleeper SYSTEM = nanos -> Thread.sleep(Duration.ofNanos(nanos));

    /** Waits {@code nanos} nanoseconds; throws (with the interrupt status cleared) when the thread is interrupted. */
    void sleep(long nanos) throws InterruptedException;
}
