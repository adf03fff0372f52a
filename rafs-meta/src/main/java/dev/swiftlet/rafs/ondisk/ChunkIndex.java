package dev.swiftlet.rafs.ondisk;

/**
 * The 8-byte chunk index of chunk-based inodes ({@code struct erofs_inode_chunk_index}): {@code u16
 * startblk_hi/advise, u16 device_id, u32 blkaddr}. RAFS stores its ci index in the bits the kernel ignores.
 */
public final class ChunkIndex {
    public static final int SIZE = 8;
    public static final int FORMAT_BLKBITS_MASK = 0x1f;
    public static final int FORMAT_INDEXES = 0x20;
    public static final long NULL_ADDR = 0xFFFF_FFFFL;

    private ChunkIndex() {}

    /** RAFS: the 24-bit index into the blob's chunk info array. */
    public static long rafsCiIndex(int advise, int deviceId) {
        return ((long) (deviceId >>> 8) << 16) | advise;
    }
}
