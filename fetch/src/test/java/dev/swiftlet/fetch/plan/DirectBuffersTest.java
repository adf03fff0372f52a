package dev.swiftlet.fetch.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swiftlet.rafs.image.ChunkTable;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DirectBuffersTest {
    @Test
    void buffersArePageAlignedDirectAndSizedAsAsked() {
        DirectBuffers pool = new DirectBuffers();
        for (int size : new int[] {1, 4096, 4097, 1 << 20, (1 << 20) + 1, 3_000_000}) {
            ByteBuffer b = pool.take(size);
            assertThat(b.isDirect()).isTrue();
            assertThat(b.position()).isZero();
            assertThat(b.limit()).isEqualTo(size);
            assertThat(b.capacity()).isGreaterThanOrEqualTo(size);
            assertThat(MemorySegment.ofBuffer(b).address() % ChunkTable.SLOT_ALIGNMENT)
                    .isZero();
        }
    }

    @Test
    void aGivenBackBufferIsReusedForTheSameSizeClass() {
        DirectBuffers pool = new DirectBuffers();
        ByteBuffer first = pool.take(1 << 20);
        first.position(100);
        pool.give(first);
        ByteBuffer again = pool.take((1 << 20) - 5000);
        assertThat(again).isSameAs(first);
        assertThat(again.position()).isZero();
        assertThat(again.limit()).isEqualTo((1 << 20) - 5000);
        assertThat(pool.take(1 << 20)).isNotSameAs(first); // taken: not handed out twice
    }

    @Test
    void keepsAtMostItsBoundIdle() {
        DirectBuffers pool = new DirectBuffers();
        List<ByteBuffer> taken = new ArrayList<>();
        int n = (int) (DirectBuffers.RETAINED_BYTES / (1 << 20)) + 8;
        for (int i = 0; i < n; i++) taken.add(pool.take(1 << 20));
        taken.forEach(pool::give);
        List<ByteBuffer> back = new ArrayList<>();
        for (int i = 0; i < n; i++) back.add(pool.take(1 << 20));
        long reused =
                back.stream().filter(b -> taken.stream().anyMatch(t -> t == b)).count();
        assertThat(reused).isEqualTo(DirectBuffers.RETAINED_BYTES / (1 << 20));
    }
}
