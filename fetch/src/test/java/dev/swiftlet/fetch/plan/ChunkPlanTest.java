package dev.swiftlet.fetch.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swiftlet.rafs.image.ChunkTable;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkPlanTest {
    static final int CHUNK = 64 << 10;
    static final int STORED = 10 << 10;

    /** {@code n} chunks of 64 KiB, each stored as 10 KiB, back to back in both spaces. */
    static ChunkTable table(int n) {
        ChunkTable.Builder b = ChunkTable.builder(n, null);
        for (int i = 0; i < n; i++) b.add((long) i * CHUNK, CHUNK, (long) i * STORED, STORED, true, null);
        return b.build();
    }

    static List<FetchRange> plan(long off, long len, ChunkTable t, BitSet ready, PlanLimits limits) {
        return ChunkPlan.plan(off, len, t, ready::get, limits);
    }

    static final PlanLimits NO_AMP = new PlanLimits(0, 8 << 20, 0);

    @Test
    void aReadInsideOneChunkFetchesThatChunk() {
        var r = plan(CHUNK + 100, 4096, table(10), new BitSet(), NO_AMP);
        assertThat(r).containsExactly(new FetchRange(STORED, STORED, new int[] {1}));
    }

    @Test
    void aReadAcrossChunksIsOneMergedRequest() {
        var r = plan(CHUNK - 1, CHUNK * 2L, table(10), new BitSet(), NO_AMP);
        assertThat(r).containsExactly(new FetchRange(0, 3L * STORED, new int[] {0, 1, 2}));
    }

    @Test
    void readyChunksAreSkippedAndSplitRequestsWithoutGapAllowance() {
        BitSet ready = new BitSet();
        ready.set(1);
        var r = plan(0, 3L * CHUNK, table(10), ready, NO_AMP);
        assertThat(r)
                .containsExactly(
                        new FetchRange(0, STORED, new int[] {0}), new FetchRange(2L * STORED, STORED, new int[] {2}));
    }

    @Test
    void aSmallGapIsReadOverButItsChunkIsNotDelivered() {
        BitSet ready = new BitSet();
        ready.set(1);
        var r = plan(0, 3L * CHUNK, table(10), ready, new PlanLimits(0, 8 << 20, STORED));
        assertThat(r).containsExactly(new FetchRange(0, 3L * STORED, new int[] {0, 2}));
    }

    @Test
    void smallReadsAreAmplifiedForwardUpToTheBatch() {
        // batch 256 KiB = 4 chunks of 64 KiB
        var r = plan(0, 4096, table(10), new BitSet(), new PlanLimits(256 << 10, 8 << 20, 0));
        assertThat(r).containsExactly(new FetchRange(0, 4L * STORED, new int[] {0, 1, 2, 3}));
    }

    @Test
    void amplificationStopsAtAReadyChunkAndAtTheEnd() {
        BitSet ready = new BitSet();
        ready.set(3);
        var limits = new PlanLimits(1 << 20, 8 << 20, 0);
        assertThat(plan(CHUNK, 4096, table(10), ready, limits))
                .containsExactly(new FetchRange(STORED, 2L * STORED, new int[] {1, 2}));
        assertThat(plan(8L * CHUNK, 4096, table(10), new BitSet(), limits))
                .containsExactly(new FetchRange(8L * STORED, 2L * STORED, new int[] {8, 9}));
    }

    @Test
    void nothingIsPlannedWhenTheRangeIsReadyEvenIfLaterChunksAreMissing() {
        BitSet ready = new BitSet();
        ready.set(0);
        assertThat(plan(0, 4096, table(10), ready, PlanLimits.DEFAULT)).isEmpty();
    }

    @Test
    void requestsStayWithinTheMaximumSize() {
        var r = plan(0, 10L * CHUNK, table(10), new BitSet(), new PlanLimits(0, 3 * STORED, 0));
        assertThat(r)
                .extracting(FetchRange::compressedLength)
                .containsExactly(3L * STORED, 3L * STORED, 3L * STORED, (long) STORED);
        assertThat(r.get(3).chunks()).containsExactly(9);
    }

    @Test
    void chunksStoredOutOfOrderAreNotMerged() {
        ChunkTable.Builder b = ChunkTable.builder(2, null);
        b.add(0, CHUNK, STORED, STORED, true, null).add(CHUNK, CHUNK, 0, STORED, true, null);
        var r = ChunkPlan.plan(0, 2L * CHUNK, b.build(), c -> false, NO_AMP);
        assertThat(r)
                .containsExactly(
                        new FetchRange(STORED, STORED, new int[] {0}), new FetchRange(0, STORED, new int[] {1}));
    }

    @Test
    void rangesOutsideTheBlobPlanNothing() {
        assertThat(plan(100L * CHUNK, 4096, table(10), new BitSet(), NO_AMP)).isEmpty();
        assertThat(plan(0, 0, table(10), new BitSet(), NO_AMP)).isEmpty();
    }
}
