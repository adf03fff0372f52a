package dev.swiftlet.fetch.plan;

import java.util.Arrays;

/**
 * One backend request: the stored span {@code [compressedOffset, +compressedLength)} and the chunks inside it
 * that are wanted (ascending). Chunks lying in the span but not listed were ready or claimed when planned and
 * are read over, not delivered.
 */
public record FetchRange(long compressedOffset, long compressedLength, int[] chunks) {
    public FetchRange {
        if (chunks.length == 0) throw new IllegalArgumentException("a fetch range needs at least one chunk");
        chunks = chunks.clone();
    }

    @Override
    public int[] chunks() {
        return chunks.clone();
    }

    public int chunkCount() {
        return chunks.length;
    }

    public int chunk(int i) {
        return chunks[i];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FetchRange r
                && r.compressedOffset == compressedOffset
                && r.compressedLength == compressedLength
                && Arrays.equals(r.chunks, chunks);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(compressedOffset) * 31 + Arrays.hashCode(chunks);
    }

    @Override
    public String toString() {
        return "[0x" + Long.toHexString(compressedOffset) + ",+0x" + Long.toHexString(compressedLength) + ") chunks "
                + (chunks.length == 1 ? String.valueOf(chunks[0]) : chunks[0] + ".." + chunks[chunks.length - 1]);
    }
}
