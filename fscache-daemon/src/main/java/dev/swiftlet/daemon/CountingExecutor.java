package dev.swiftlet.daemon;

import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * An executor that counts the tasks handed to it until they end, so it can be awaited idle: the front end's view of
 * the worker pools (READ fills on one; read-ahead and prefetch, through {@link #background()}, on another). A daemon
 * that stops first lets the kernel's requests it already took finish:
 * a READ this daemon read but never completed would otherwise wait forever (the kernel re-queues only what a
 * {@code restore} finds, and a successor has already written its own), or, once the backend is closed under it,
 * fail with EIO.
 */
final class CountingExecutor implements Executor {
    private final Executor pool;
    private final Executor background;
    private int running;

    /**
     * @param pool where kernel requests are filled
     * @param backgroundPool where read-ahead and prefetch run: a pool of their own, so that however many long
     *     background fetches are queued (16 MiB pieces over a slow link take seconds each), a kernel request never
     *     waits behind them for a worker
     */
    CountingExecutor(Executor pool, Executor backgroundPool) {
        this.pool = pool;
        this.background = task -> submit(backgroundPool, task);
    }

    @Override
    public void execute(Runnable task) {
        submit(pool, task);
    }

    /** The executor for read-ahead and prefetch: its tasks are counted with the rest, and run on their own pool. */
    Executor background() {
        return background;
    }

    private void submit(Executor pool, Runnable task) {
        synchronized (this) {
            running++;
        }
        try {
            pool.execute(() -> {
                try {
                    task.run();
                } finally {
                    done();
                }
            });
        } catch (RuntimeException e) {
            done();
            throw e;
        }
    }

    private synchronized void done() {
        if (--running == 0) notifyAll();
    }

    /** Waits until no handed-over task is queued or running, at most {@code limit}; true when idle. */
    synchronized boolean awaitIdle(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (running > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return false;
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    synchronized int running() {
        return running;
    }
}
