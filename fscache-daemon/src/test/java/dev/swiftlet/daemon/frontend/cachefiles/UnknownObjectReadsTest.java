package dev.swiftlet.daemon.frontend.cachefiles;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class UnknownObjectReadsTest {
    private final AtomicInteger restores = new AtomicInteger();
    private final UnknownObjectReads reads = new UnknownObjectReads(restores::incrementAndGet);

    @Test
    void aBurstOfUnknownReadsCostsOneRestoreAfterTheDelay() throws Exception {
        for (int msg = 1; msg <= 5; msg++) reads.seen(msg, 7);
        assertThat(restores.get()).isZero(); // not at once: the predecessor needs time to close its objects
        awaitRestores(1);
        Thread.sleep(2 * UnknownObjectReads.DELAY_MILLIS);
        assertThat(restores.get()).isEqualTo(1);
        reads.seen(6, 7); // handed out again and still unknown: another restore
        awaitRestores(2);
    }

    @Test
    void anObjectThatNeverAppearsStopsCostingRestores() throws Exception {
        for (int i = 0; i < UnknownObjectReads.MAX_ATTEMPTS; i++) {
            assertThat(reads.seen(i, 9)).as("handed back to the kernel: deferred, not failed").isTrue();
        }
        awaitRestores(1);
        int before = restores.get();
        assertThat(reads.seen(1000, 9)).as("over its share: given up, a failure").isFalse(); // and no more restores
        Thread.sleep(2 * UnknownObjectReads.DELAY_MILLIS);
        assertThat(restores.get()).isEqualTo(before);
        reads.opened(9); // once opened, a later unknown READ for that id starts afresh
        reads.seen(1001, 9);
        awaitRestores(before + 1);
    }

    private void awaitRestores(int n) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (restores.get() < n && System.nanoTime() < deadline) Thread.sleep(20);
        assertThat(restores.get()).isEqualTo(n);
    }
}
