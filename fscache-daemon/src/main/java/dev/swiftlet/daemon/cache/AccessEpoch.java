package dev.swiftlet.daemon.cache;

/**
 * A coarse clock for chunk recency: a number that the cache evictor advances (once per tick, from its injected
 * clock) and readers only read, so marking a chunk used costs a volatile read and at most one array write, never a
 * clock call or a system call on the read path. Epoch 0 is "not used since the daemon started"; it starts at 1.
 */
public final class AccessEpoch {
    private volatile int current = 1;

    public int current() {
        return current;
    }

    /** Moves to {@code epoch} if it is later; epochs never go back. */
    public void advanceTo(int epoch) {
        if (epoch > current) current = epoch;
    }
}
