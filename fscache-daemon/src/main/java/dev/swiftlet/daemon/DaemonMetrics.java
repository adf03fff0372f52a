package dev.swiftlet.daemon;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Counters of the whole daemon, reported by {@code GET /api/v1/swiftlet/stats} and {@code swiftlet stats}. */
public final class DaemonMetrics {
    /** Bytes read from backends (compressed, as stored). */
    public final LongAdder bytesFetched = new LongAdder();
    /** Bytes written into cache files for the kernel. */
    public final LongAdder bytesServed = new LongAdder();
    /** Kernel requests (cachefiles READs, fanotify events). */
    public final LongAdder requests = new LongAdder();
    /** Requests answered without a fetch. */
    public final LongAdder hits = new LongAdder();
    /** Requests answered with an error. */
    public final LongAdder failures = new LongAdder();

    public Map<String, Long> snapshot() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("bytes_fetched", bytesFetched.sum());
        m.put("bytes_served", bytesServed.sum());
        m.put("requests", requests.sum());
        m.put("hits", hits.sum());
        m.put("failures", failures.sum());
        return m;
    }
}
