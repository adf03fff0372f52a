package dev.swiftlet.daemon.metrics;

import dev.swiftlet.daemon.cache.CacheStats;
import dev.swiftlet.daemon.cache.EvictionStats;
import dev.swiftlet.fetch.FetchStats;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Counters of the whole daemon, reported by {@code GET /api/v1/swiftlet/stats} and {@code swiftlet stats}. */
public final class DaemonMetrics {
    /** Backend traffic: requests, bytes as stored (compressed), retries, failures, latency. */
    public final FetchStats fetch = new FetchStats();
    /** How fills were answered: hits, chunks and bytes written, shared waits, restores, prefetch. */
    public final CacheStats cache = new CacheStats();
    /** The cache size limit: size, limit, evictions, bytes evicted. */
    public final EvictionStats eviction = new EvictionStats();
    /** Bytes the kernel asked for (READ lengths, fanotify event ranges). */
    public final LongAdder bytesServed = new LongAdder();
    /** Kernel requests by length, in the size classes of {@link ReadClasses#SIZES}. */
    public final ReadClasses readSizes = new ReadClasses(ReadClasses.SIZES);
    /** Kernel requests by answer time in milliseconds, in the classes of {@link ReadClasses#LATENCY_MILLIS}. */
    public final ReadClasses readLatencies = new ReadClasses(ReadClasses.LATENCY_MILLIS);
    /** Sum of the answer times of kernel requests, in microseconds. */
    public final LongAdder latencyMicrosTotal = new LongAdder();
    /** Kernel requests (cachefiles READs, fanotify events). */
    public final LongAdder requests = new LongAdder();
    /** Requests answered with an error. */
    public final LongAdder failures = new LongAdder();
    /**
     * cachefiles READs for an object this daemon has not opened (a predecessor still holds it during a hand-over),
     * handed back to the kernel to come again once the object is re-opened here: delayed, not failed.
     */
    public final LongAdder deferred = new LongAdder();
    /** cachefiles OPEN and CLOSE messages. */
    public final LongAdder opens = new LongAdder();

    public final LongAdder closes = new LongAdder();
    /** Time from a kernel request's arrival to its answer (READ_COMPLETE, fanotify response). */
    public final LatencyHistogram requestLatency = new LatencyHistogram();

    /** A kernel request for {@code bytes}: counted in {@link #bytesServed} and by size. */
    public void recordRequest(long bytes) {
        bytesServed.add(bytes);
        readSizes.record(bytes);
    }

    /** A kernel request answered {@code nanos} after it arrived. */
    public void recordAnswer(long nanos) {
        requestLatency.record(nanos);
        readLatencies.record(nanos / 1_000_000);
        latencyMicrosTotal.add(nanos / 1000);
    }

    public Map<String, Long> snapshot() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("bytes_fetched", fetch.bytes.sum());
        m.put("bytes_filled", cache.bytesFilled.sum());
        m.put("bytes_prefetched", cache.bytesPrefetched.sum());
        m.put("chunks_filled", cache.chunksFilled.sum());
        m.put("chunks_restored", cache.chunksRestored.sum());
        m.put("shared_waits", cache.sharedWaits.sum());
        m.put("bytes_served", bytesServed.sum());
        m.put("fetch_requests", fetch.requests.sum());
        m.put("fetch_retries", fetch.retries.sum());
        m.put("fetch_failures", fetch.failures.sum());
        long n = fetch.requests.sum();
        m.put("fetch_latency_avg_us", n == 0 ? 0 : fetch.latencyNanosTotal.sum() / n / 1000);
        m.put("fetch_latency_max_us", fetch.latencyNanosMax.get() / 1000);
        m.put("requests", requests.sum());
        m.put("hits", cache.hits.sum());
        m.put("failures", failures.sum());
        m.put("requests_deferred", deferred.sum());
        m.put("opens", opens.sum());
        m.put("closes", closes.sum());
        m.put("request_latency_p50_us", requestLatency.percentileMicros(0.50));
        m.put("request_latency_p99_us", requestLatency.percentileMicros(0.99));
        m.put("cache_bytes", eviction.cacheBytes.get());
        m.put("cache_limit_bytes", eviction.cacheLimitBytes.get());
        m.put("evictions", eviction.evictions.sum());
        m.put("bytes_evicted", eviction.bytesEvicted.sum());
        return m;
    }
}
