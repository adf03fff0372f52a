package dev.swiftlet.daemon.metrics;

import java.util.Map;
import java.util.Set;

/**
 * The daemon counters in the Prometheus text exposition format (version 0.0.4): one {@code # HELP}, one
 * {@code # TYPE} and one sample line per key, named {@code swiftlet_<key>}. Latency figures are gauges,
 * everything else only grows (counter).
 */
public final class PrometheusText {
    private static final Set<String> GAUGES = Set.of(
            "fetch_latency_avg_us",
            "fetch_latency_max_us",
            "request_latency_p50_us",
            "request_latency_p99_us",
            "images_registered",
            "blobs_registered",
            "cache_bytes",
            "cache_limit_bytes");
    private static final Map<String, String> HELP = Map.ofEntries(
            Map.entry("bytes_fetched", "Bytes read from backends, as stored (compressed)."),
            Map.entry("bytes_filled", "Uncompressed bytes written into cache files."),
            Map.entry("bytes_prefetched", "Bytes written into cache files by background prefetch."),
            Map.entry("chunks_filled", "Chunks fetched, verified and written into cache files."),
            Map.entry("chunks_restored", "Chunks found already present in cache files at open."),
            Map.entry("shared_waits", "Fills that waited for a chunk another fill was fetching."),
            Map.entry("bytes_served", "Bytes the kernel asked for (READ lengths, fanotify ranges)."),
            Map.entry("fetch_requests", "Backend range requests."),
            Map.entry("fetch_retries", "Backend requests retried."),
            Map.entry("fetch_failures", "Backend requests that failed for good."),
            Map.entry("fetch_latency_avg_us", "Mean backend request latency in microseconds."),
            Map.entry("fetch_latency_max_us", "Largest backend request latency in microseconds."),
            Map.entry("requests", "Kernel requests (cachefiles READs, fanotify events)."),
            Map.entry("hits", "Kernel requests answered from the cache without a fetch."),
            Map.entry("failures", "Kernel requests answered with an error."),
            Map.entry(
                    "requests_deferred",
                    "cachefiles READs for an object not opened here yet, handed back to the kernel."),
            Map.entry("opens", "cachefiles OPEN messages."),
            Map.entry("closes", "cachefiles CLOSE messages."),
            Map.entry("request_latency_p50_us", "Median kernel request latency in microseconds."),
            Map.entry("request_latency_p99_us", "99th percentile kernel request latency in microseconds."),
            Map.entry("images_registered", "Images (bootstraps) currently registered."),
            Map.entry("blobs_registered", "Data blobs currently referenced by registered images."),
            Map.entry(
                    "cache_bytes",
                    "Allocated bytes of the cache directory at the evictor's last look (0 without --cache-size)."),
            Map.entry("cache_limit_bytes", "--cache-size (0: no limit)."),
            Map.entry("evictions", "Chunks punched out of cache files and unreferenced cache files deleted."),
            Map.entry("bytes_evicted", "Bytes those evictions freed."));

    private PrometheusText() {}

    public static String format(Map<String, Long> values) {
        StringBuilder sb = new StringBuilder();
        for (var e : values.entrySet()) {
            String key = e.getKey().replaceAll("[^a-zA-Z0-9_]", "_");
            String name = "swiftlet_" + key;
            sb.append("# HELP ")
                    .append(name)
                    .append(' ')
                    .append(HELP.getOrDefault(e.getKey(), "Swiftlet daemon counter " + e.getKey() + "."))
                    .append('\n');
            sb.append("# TYPE ")
                    .append(name)
                    .append(' ')
                    .append(GAUGES.contains(e.getKey()) ? "gauge" : "counter")
                    .append('\n');
            sb.append(name).append(' ').append(e.getValue()).append('\n');
        }
        return sb.toString();
    }
}
