package dev.swiftlet.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The pools hold at most their threads while busy, queue the rest, and hand every thread back once idle. */
class WorkerPoolsTest {
    @Test
    void busyPoolsQueueBeyondTheirThreadsAndIdleOnesEndThem() throws Exception {
        ThreadPoolExecutor pool = (ThreadPoolExecutor) WorkerPools.of(3, "test-worker-", Duration.ofMillis(100));
        try {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch ran = new CountDownLatch(8);
            for (int i = 0; i < 8; i++) {
                pool.execute(() -> {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    ran.countDown();
                });
            }
            assertThat(pool.getPoolSize()).isEqualTo(3);
            assertThat(pool.getQueue()).hasSize(5);
            release.countDown();
            assertThat(ran.await(10, TimeUnit.SECONDS)).as("all eight ran").isTrue();
            // idle threads end once the pool's keep-alive (100 ms of the JDK's own clock) has passed: the JDK
            // executor signals nothing when they do, so this polls the pool size with a deadline
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (pool.getPoolSize() > 0 && System.nanoTime() < until) Thread.sleep(20);
            assertThat(pool.getPoolSize()).as("threads left after idling").isZero();
            CountDownLatch again = new CountDownLatch(1);
            pool.execute(again::countDown); // and it starts threads again for new work
            assertThat(again.await(5, TimeUnit.SECONDS)).isTrue();
        } finally {
            pool.shutdownNow();
        }
    }
}
