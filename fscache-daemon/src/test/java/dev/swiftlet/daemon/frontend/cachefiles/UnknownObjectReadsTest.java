package dev.swiftlet.daemon.frontend.cachefiles;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The debounce and the per-object budget, with the delayed restores queued here and run by hand: "the delay has
 * passed" is a step of the test, not a wait, and "no further restore" is checked on the queue itself.
 */
class UnknownObjectReadsTest {
    private final AtomicInteger restores = new AtomicInteger();
    private final Queue<Runnable> delayed = new ArrayDeque<>();
    private final UnknownObjectReads reads = new UnknownObjectReads(restores::incrementAndGet, delayed::add);

    /** The delay passes: runs the restores that were waiting for it. */
    private void delayPasses() {
        for (Runnable r; (r = delayed.poll()) != null; ) r.run();
    }

    @Test
    void aBurstOfUnknownReadsCostsOneRestoreAfterTheDelay() {
        for (int msg = 1; msg <= 5; msg++) reads.seen(msg, 7);
        assertThat(restores.get()).isZero(); // not at once: the predecessor needs time to close its objects
        assertThat(delayed).as("one restore scheduled for the burst").hasSize(1);
        delayPasses();
        assertThat(restores.get()).isEqualTo(1);
        assertThat(delayed).as("nothing more scheduled").isEmpty();
        reads.seen(6, 7); // handed out again and still unknown: another restore
        assertThat(restores.get()).isEqualTo(1);
        delayPasses();
        assertThat(restores.get()).isEqualTo(2);
    }

    @Test
    void anObjectThatNeverAppearsStopsCostingRestores() {
        for (int i = 0; i < UnknownObjectReads.MAX_ATTEMPTS; i++) {
            assertThat(reads.seen(i, 9))
                    .as("handed back to the kernel: deferred, not failed")
                    .isTrue();
            delayPasses();
        }
        assertThat(restores.get()).isEqualTo(UnknownObjectReads.MAX_ATTEMPTS);
        assertThat(reads.seen(1000, 9))
                .as("over its share: given up, a failure")
                .isFalse();
        assertThat(delayed).as("and no more restores").isEmpty();
        reads.opened(9); // once opened, a later unknown READ for that id starts afresh
        assertThat(reads.seen(1001, 9)).isTrue();
        delayPasses();
        assertThat(restores.get()).isEqualTo(UnknownObjectReads.MAX_ATTEMPTS + 1);
    }
}
