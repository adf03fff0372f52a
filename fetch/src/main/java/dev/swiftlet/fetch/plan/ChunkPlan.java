package dev.swiftlet.fetch.plan;

import dev.swiftlet.rafs.image.ChunkTable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * Plans the backend requests for a READ of {@code [offset, +length)} of a blob's uncompressed space. Pure: no
 * I/O, no state; the caller says which chunks need no fetch ({@code skip}: ready, or being fetched by someone
 * else).
 *
 * <ol>
 *   <li>The chunks covering the range that are not skipped are wanted.</li>
 *   <li>If they add up to less than {@link PlanLimits#batchSize()}, following chunks are added while they are
 *       not skipped, until the batch is reached (amplification stops at the first skipped chunk: data already
 *       local marks where a previous reader went).</li>
 *   <li>Wanted chunks are merged into one request while the next one starts at or after the current request's
 *       end, within {@link PlanLimits#maxGap()}, and the request stays within {@link PlanLimits#maxRequestSize()}.</li>
 * </ol>
 */
public final class ChunkPlan {
    private ChunkPlan() {}

    public static List<FetchRange> plan(
            long offset, long length, ChunkTable table, IntPredicate skip, PlanLimits limits) {
        long covering = table.covering(offset, length);
        int first = ChunkTable.first(covering), end = ChunkTable.end(covering);
        List<Integer> wanted = new ArrayList<>();
        long wantedBytes = 0;
        for (int c = first; c < end; c++) {
            if (skip.test(c)) continue;
            wanted.add(c);
            wantedBytes += table.uncompressedSize(c);
        }
        if (!wanted.isEmpty()) {
            for (int c = end; c < table.size() && wantedBytes < limits.batchSize(); c++) {
                if (skip.test(c)) break;
                wanted.add(c);
                wantedBytes += table.uncompressedSize(c);
            }
        }
        return merge(wanted, table, limits);
    }

    private static List<FetchRange> merge(List<Integer> wanted, ChunkTable table, PlanLimits limits) {
        List<FetchRange> ranges = new ArrayList<>();
        int i = 0;
        while (i < wanted.size()) {
            int c = wanted.get(i);
            long start = table.compressedOffset(c);
            long stop = start + table.compressedSize(c);
            int j = i + 1;
            while (j < wanted.size()) {
                int next = wanted.get(j);
                long nextStart = table.compressedOffset(next);
                long nextStop = nextStart + table.compressedSize(next);
                if (nextStart < stop
                        || nextStart - stop > limits.maxGap()
                        || nextStop - start > limits.maxRequestSize()) {
                    break;
                }
                stop = nextStop;
                j++;
            }
            int[] chunks = new int[j - i];
            for (int k = i; k < j; k++) chunks[k - i] = wanted.get(k);
            ranges.add(new FetchRange(start, stop - start, chunks));
            i = j;
        }
        return ranges;
    }
}
