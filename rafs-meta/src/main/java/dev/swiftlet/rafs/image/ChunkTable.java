package dev.swiftlet.rafs.image;

import dev.swiftlet.rafs.Digest;
import dev.swiftlet.rafs.DigestAlgorithm;
import java.util.Arrays;
import java.util.Objects;

/**
 * The chunks of one data blob, sorted by uncompressed offset, in parallel primitive arrays so that the
 * daemon's per-READ lookup ({@link #covering}) is a binary search with no allocation.
 *
 * <p>Each chunk occupies {@code roundUp(uncompressedSize, 4096)} bytes of the blob's uncompressed
 * address space (the cache file layout); the padding belongs to the chunk before it. Digests are
 * optional (a raw mkfs.erofs device has none; {@link #hasDigests()} says).
 *
 * <p>Immutable and thread-safe once built. Build with {@link Builder}.
 */
public final class ChunkTable {
    public static final int SLOT_ALIGNMENT = 4096;

    private final long[] uncompressedOffsets;
    private final int[] uncompressedSizes;
    private final long[] compressedOffsets;
    private final int[] compressedSizes;
    private final boolean[] compressed;
    private final byte[] digests; // 32 bytes per chunk, or null
    private final DigestAlgorithm digestAlgorithm;

    private ChunkTable(Builder b) {
        int n = b.count;
        this.uncompressedOffsets = Arrays.copyOf(b.uncompressedOffsets, n);
        this.uncompressedSizes = Arrays.copyOf(b.uncompressedSizes, n);
        this.compressedOffsets = Arrays.copyOf(b.compressedOffsets, n);
        this.compressedSizes = Arrays.copyOf(b.compressedSizes, n);
        this.compressed = Arrays.copyOf(b.compressed, n);
        this.digests = b.digestAlgorithm == null ? null : Arrays.copyOf(b.digests, n * DigestAlgorithm.DIGEST_LENGTH);
        this.digestAlgorithm = b.digestAlgorithm;
    }

    public int size() {
        return uncompressedOffsets.length;
    }

    public long uncompressedOffset(int chunk) {
        return uncompressedOffsets[chunk];
    }

    public int uncompressedSize(int chunk) {
        return uncompressedSizes[chunk];
    }

    /** End of the chunk's 4 KiB-aligned slot in the uncompressed blob. */
    public long alignedUncompressedEnd(int chunk) {
        return roundUp(uncompressedOffsets[chunk] + uncompressedSizes[chunk]);
    }

    public long compressedOffset(int chunk) {
        return compressedOffsets[chunk];
    }

    public int compressedSize(int chunk) {
        return compressedSizes[chunk];
    }

    /** Whether the stored bytes must be decompressed (otherwise they are the data). */
    public boolean isCompressed(int chunk) {
        return compressed[chunk];
    }

    public boolean hasDigests() {
        return digests != null;
    }

    /** The chunk's digest over its uncompressed bytes; allocates, so not for the hot path's inner loop. */
    public Digest digest(int chunk) {
        if (digests == null) throw new IllegalStateException("this chunk table carries no digests");
        int from = chunk * DigestAlgorithm.DIGEST_LENGTH;
        return new Digest(digestAlgorithm, Arrays.copyOfRange(digests, from, from + DigestAlgorithm.DIGEST_LENGTH));
    }

    public DigestAlgorithm digestAlgorithm() {
        return digestAlgorithm;
    }

    /** Size of the uncompressed blob: the end of the last chunk's aligned slot (0 when empty). */
    public long uncompressedSize() {
        return size() == 0 ? 0 : alignedUncompressedEnd(size() - 1);
    }

    /**
     * The chunks whose slots overlap {@code [offset, offset+length)}, packed as
     * {@code (first << 32) | endExclusive}; {@code first == endExclusive} when none do. Use
     * {@link #first(long)} and {@link #end(long)} to unpack.
     */
    public long covering(long offset, long length) {
        int n = size();
        if (n == 0 || length <= 0) return 0L;
        long end = offset + length;
        // last chunk starting at or before offset
        int lo = 0, hi = n - 1, first = 0;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (uncompressedOffsets[mid] <= offset) {
                first = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        if (alignedUncompressedEnd(first) <= offset) first++;
        // first chunk starting at or after end
        lo = first;
        hi = n;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (uncompressedOffsets[mid] < end) lo = mid + 1;
            else hi = mid;
        }
        int last = Math.max(first, lo);
        return ((long) first << 32) | last;
    }

    public static int first(long packedRange) {
        return (int) (packedRange >>> 32);
    }

    public static int end(long packedRange) {
        return (int) packedRange;
    }

    public static long roundUp(long value) {
        return (value + SLOT_ALIGNMENT - 1) & -SLOT_ALIGNMENT;
    }

    public static Builder builder(int expectedChunks, DigestAlgorithm digestAlgorithmOrNull) {
        return new Builder(expectedChunks, digestAlgorithmOrNull);
    }

    /** Collects chunks in uncompressed-offset order; {@link #build()} checks the order and overlaps. */
    public static final class Builder {
        private long[] uncompressedOffsets;
        private int[] uncompressedSizes;
        private long[] compressedOffsets;
        private int[] compressedSizes;
        private boolean[] compressed;
        private byte[] digests;
        private final DigestAlgorithm digestAlgorithm;
        private int count;

        private Builder(int expected, DigestAlgorithm digestAlgorithm) {
            int cap = Math.max(1, expected);
            uncompressedOffsets = new long[cap];
            uncompressedSizes = new int[cap];
            compressedOffsets = new long[cap];
            compressedSizes = new int[cap];
            compressed = new boolean[cap];
            this.digestAlgorithm = digestAlgorithm;
            digests = digestAlgorithm == null ? null : new byte[cap * DigestAlgorithm.DIGEST_LENGTH];
        }

        /**
         * Adds the next chunk. {@code digest} must be given iff the builder was made with an algorithm.
         * @throws IllegalArgumentException when the chunk is not after the previous one's slot
         */
        public Builder add(
                long uncompressedOffset,
                int uncompressedSize,
                long compressedOffset,
                int compressedSize,
                boolean isCompressed,
                byte[] digest) {
            if (uncompressedSize <= 0 || compressedSize <= 0 || uncompressedOffset < 0 || compressedOffset < 0) {
                throw new IllegalArgumentException("chunk " + count + ": sizes must be positive, offsets non-negative");
            }
            if ((uncompressedOffset & (SLOT_ALIGNMENT - 1)) != 0) {
                throw new IllegalArgumentException("chunk " + count + ": uncompressed offset 0x"
                        + Long.toHexString(uncompressedOffset) + " is not 4 KiB aligned");
            }
            if (count > 0) {
                long prevEnd = roundUp(uncompressedOffsets[count - 1] + uncompressedSizes[count - 1]);
                if (uncompressedOffset < prevEnd) {
                    throw new IllegalArgumentException("chunk " + count + " at 0x"
                            + Long.toHexString(uncompressedOffset)
                            + " overlaps or precedes the previous chunk ending at 0x" + Long.toHexString(prevEnd));
                }
            }
            if ((digestAlgorithm == null) != (digest == null)) {
                throw new IllegalArgumentException("chunk " + count + ": digest presence does not match the table");
            }
            grow();
            uncompressedOffsets[count] = uncompressedOffset;
            uncompressedSizes[count] = uncompressedSize;
            compressedOffsets[count] = compressedOffset;
            compressedSizes[count] = compressedSize;
            compressed[count] = isCompressed;
            if (digest != null) {
                Objects.checkFromIndexSize(0, DigestAlgorithm.DIGEST_LENGTH, digest.length);
                System.arraycopy(
                        digest, 0, digests, count * DigestAlgorithm.DIGEST_LENGTH, DigestAlgorithm.DIGEST_LENGTH);
            }
            count++;
            return this;
        }

        private void grow() {
            if (count < uncompressedOffsets.length) return;
            int cap = uncompressedOffsets.length * 2;
            uncompressedOffsets = Arrays.copyOf(uncompressedOffsets, cap);
            uncompressedSizes = Arrays.copyOf(uncompressedSizes, cap);
            compressedOffsets = Arrays.copyOf(compressedOffsets, cap);
            compressedSizes = Arrays.copyOf(compressedSizes, cap);
            compressed = Arrays.copyOf(compressed, cap);
            if (digests != null) digests = Arrays.copyOf(digests, cap * DigestAlgorithm.DIGEST_LENGTH);
        }

        public ChunkTable build() {
            return new ChunkTable(this);
        }
    }
}
