package dev.swiftlet.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Kernel requests and background fills run on pools of their own; a stop waits for both. */
class CountingExecutorTest {
    final ExecutorService requests = Executors.newFixedThreadPool(1);
    /** Released once per kernel task after it has run and CountingExecutor has stopped counting it. */
    final Semaphore requestsEnded = new Semaphore(0);

    final ExecutorService backgroundPool = Executors.newFixedThreadPool(1);
    final CountingExecutor work = new CountingExecutor(
            task -> requests.execute(() -> {
                task.run(); // CountingExecutor's wrapper: the task, then its count ends
                requestsEnded.release();
            }),
            backgroundPool);
    final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void tearDown() {
        release.countDown();
        requests.shutdownNow();
        backgroundPool.shutdownNow();
    }

    private void blockOnRelease() {
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aKernelRequestRunsWhileBackgroundFillsHoldEveryBackgroundWorker() throws Exception {
        // read-ahead pieces over a slow link: the background pool is busy and more are queued behind
        for (int i = 0; i < 3; i++) work.background().execute(this::blockOnRelease);
        CountDownLatch served = new CountDownLatch(1);
        work.execute(served::countDown);
        assertThat(served.await(5, TimeUnit.SECONDS))
                .as("the kernel request did not wait for background work")
                .isTrue();
        // the kernel task's own count ends just after it ran: wait for that, the three background tasks stay counted
        assertThat(requestsEnded.tryAcquire(5, TimeUnit.SECONDS)).isTrue();
        assertThat(work.running()).isEqualTo(3);
    }

    @Test
    void aStopWaitsForBackgroundTasksToo() throws Exception {
        work.background().execute(this::blockOnRelease);
        work.execute(() -> {});
        // once the kernel task is over, only the background one keeps the work from being idle
        assertThat(requestsEnded.tryAcquire(5, TimeUnit.SECONDS)).isTrue();
        assertThat(work.awaitIdle(Duration.ZERO))
                .as("a background fill still writes through the front end's fds")
                .isFalse();
        assertThat(work.running()).isOne();
        release.countDown();
        assertThat(work.awaitIdle(Duration.ofSeconds(5))).isTrue();
        assertThat(work.running()).isZero();
    }
}
