package dev.swiftlet.daemon.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.swiftlet.daemon.cache.PrefetchPolicy;

/**
 * Reads a BlobCacheEntry's prefetch keys into a {@link PrefetchPolicy}, with nydusd's names, defaults and checks
 * (api/src/config.rs): legacy {@code config.prefetch_config} {@code {enable, threads_count, merging_size,
 * bandwidth_rate}} (what nydus-snapshotter sends) or {@code config_v2.cache.prefetch} {@code {enable, threads,
 * batch_size, bandwidth_limit}}; the v2 form wins when both are given, as in nydusd. A missing key takes nydusd's
 * default (8 threads, 1 MiB, no limit). Like nydusd, the thread count and merging size are range-checked only when
 * prefetch is enabled (the snapshotter sends zeros with it disabled); a value that is not a whole number, or is
 * negative, is refused always, naming the key.
 */
final class PrefetchConfigs {
    private PrefetchConfigs() {}

    static PrefetchPolicy parse(JsonNode legacy, JsonNode v2) throws ApiException {
        if (v2.isObject()) return parse(v2, "config_v2.cache.prefetch", "threads", "batch_size", "bandwidth_limit");
        if (legacy.isObject())
            return parse(legacy, "config.prefetch_config", "threads_count", "merging_size", "bandwidth_rate");
        return PrefetchPolicy.OFF;
    }

    private static PrefetchPolicy parse(JsonNode n, String where, String threadsKey, String sizeKey, String rateKey)
            throws ApiException {
        JsonNode enable = n.path("enable");
        if (!enable.isMissingNode() && !enable.isNull() && !enable.isBoolean()) {
            throw ApiException.badRequest(where + ".enable must be true or false, got " + enable);
        }
        boolean enabled = enable.asBoolean(false);
        long threads = whole(n, where, threadsKey, PrefetchPolicy.DEFAULT_THREADS);
        long mergingSize = whole(n, where, sizeKey, PrefetchPolicy.DEFAULT_FILL_SIZE);
        long rate = whole(n, where, rateKey, 0);
        if (rate > PrefetchPolicy.MAX_BANDWIDTH) {
            throw ApiException.badRequest(where + "." + rateKey + " must be at most " + PrefetchPolicy.MAX_BANDWIDTH
                    + " bytes/s (0: no limit), got " + rate);
        }
        if (!enabled) return PrefetchPolicy.OFF;
        if (threads < 1 || threads > PrefetchPolicy.MAX_THREADS) {
            throw ApiException.badRequest(where + "." + threadsKey + " must be 1.." + PrefetchPolicy.MAX_THREADS
                    + " with prefetch enabled, got " + threads);
        }
        if (mergingSize > PrefetchPolicy.MAX_MERGING_SIZE) {
            throw ApiException.badRequest(where + "." + sizeKey + " must be at most " + PrefetchPolicy.MAX_MERGING_SIZE
                    + " bytes, got " + mergingSize);
        }
        return new PrefetchPolicy(true, (int) threads, PrefetchPolicy.fillSizeFor(mergingSize), rate);
    }

    /** A non-negative whole number, or {@code absent} when the key is missing or null. */
    private static long whole(JsonNode n, String where, String key, long absent) throws ApiException {
        JsonNode v = n.path(key);
        if (v.isMissingNode() || v.isNull()) return absent;
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0) {
            throw ApiException.badRequest(where + "." + key + " must be a whole number of at least 0, got " + v);
        }
        return v.asLong();
    }
}
