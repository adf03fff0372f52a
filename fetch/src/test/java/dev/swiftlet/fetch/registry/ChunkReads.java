package dev.swiftlet.fetch.registry;

import dev.swiftlet.fetch.Backend;
import dev.swiftlet.fetch.FetchStats;
import dev.swiftlet.fetch.plan.ChunkFetcher;
import dev.swiftlet.fetch.plan.ChunkPlan;
import dev.swiftlet.fetch.plan.FetchRange;
import dev.swiftlet.fetch.plan.PlanLimits;
import dev.swiftlet.fetch.plan.RetryPolicy;
import dev.swiftlet.rafs.codec.Codecs;
import dev.swiftlet.rafs.image.BlobInfo;
import dev.swiftlet.rafs.image.ChunkTable;
import dev.swiftlet.rafs.image.RafsImage;
import java.util.Map;

/** Reads every chunk of an image through a backend, as the registry tests compare them with the truth. */
final class ChunkReads {
    private ChunkReads() {}

    /** Fetches every chunk of every blob into {@code delivered} by "blob/chunk"; throws what the fetch threw. */
    static Map<String, byte[]> fetchAll(
            RafsImage rafs, Backend backend, RetryPolicy retry, FetchStats stats, Map<String, byte[]> delivered)
            throws Exception {
        for (BlobInfo blob : rafs.blobs()) {
            ChunkTable table = rafs.chunkTable(blob.index());
            ChunkFetcher f = new ChunkFetcher(backend, blob.id(), table, Codecs.of(blob.compression()), retry, stats);
            for (FetchRange range :
                    ChunkPlan.plan(0, table.uncompressedSize(), table, c -> false, new PlanLimits(0, 1 << 20, 0))) {
                f.fetch(range, (c, data) -> {
                    byte[] b = new byte[data.remaining()];
                    data.get(b);
                    delivered.put(blob.id() + "/" + c, b);
                });
            }
        }
        return delivered;
    }
}
