package dev.swiftlet.rafs.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ChunkTableTest {
    // the Nydus fixture's two chunks: [0,16931) slot to 20480, [20480,+13400) slot to 36864
    private final ChunkTable table = ChunkTable.builder(2, null)
            .add(0, 16931, 0, 4828, true, null)
            .add(20480, 13400, 4828, 2974, true, null)
            .build();

    private int[] cover(long off, long len) {
        long r = table.covering(off, len);
        return new int[] {ChunkTable.first(r), ChunkTable.end(r)};
    }

    @Test
    void coveringFindsEveryChunkOverlappingTheRange() {
        assertThat(table.uncompressedSize()).isEqualTo(36864);
        assertThat(cover(0, 4096)).containsExactly(0, 1);
        assertThat(cover(16384, 4096)).containsExactly(0, 1); // padding belongs to chunk 0
        assertThat(cover(20479, 2)).containsExactly(0, 2);
        assertThat(cover(20480, 4096)).containsExactly(1, 2);
        assertThat(cover(0, 36864)).containsExactly(0, 2);
        assertThat(cover(36864, 4096)).containsExactly(2, 2); // past the end: empty
        assertThat(cover(0, 0)).containsExactly(0, 0);
    }

    @Test
    void rejectsOverlapsAndMisalignment() {
        assertThatThrownBy(() -> ChunkTable.builder(2, null)
                        .add(0, 5000, 0, 10, true, null)
                        .add(4096, 10, 10, 10, true, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("overlaps");
        assertThatThrownBy(() -> ChunkTable.builder(1, null).add(100, 10, 0, 10, true, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("aligned");
    }
}
