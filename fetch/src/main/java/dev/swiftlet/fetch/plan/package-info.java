/**
 * From a READ to backend requests: {@link dev.swiftlet.fetch.plan.ChunkPlan} (pure: which chunks, merged into
 * which requests) and {@link dev.swiftlet.fetch.plan.ChunkFetcher} (the retry loop, decoding, verification and
 * hand-off of each good chunk to a {@link dev.swiftlet.fetch.plan.ChunkSink}).
 */
package dev.swiftlet.fetch.plan;
