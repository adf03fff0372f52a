package dev.swiftlet.fetch;

import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/** A {@link FetchListener} that keeps totals: requests, stored bytes, retries, failures and latency. */
public final class FetchStats implements FetchListener {
    public final LongAdder requests = new LongAdder();
    public final LongAdder bytes = new LongAdder();
    public final LongAdder retries = new LongAdder();
    public final LongAdder failures = new LongAdder();
    public final LongAdder latencyNanosTotal = new LongAdder();
    public final LongAccumulator latencyNanosMax = new LongAccumulator(Math::max, 0);

    @Override
    public void fetched(String blobId, long bytes, long nanos) {
        requests.increment();
        this.bytes.add(bytes);
        latencyNanosTotal.add(nanos);
        latencyNanosMax.accumulate(nanos);
    }

    @Override
    public void retrying(FetchException cause, int attempt, long delayNanos) {
        retries.increment();
    }

    @Override
    public void failed(FetchException cause) {
        failures.increment();
    }
}
