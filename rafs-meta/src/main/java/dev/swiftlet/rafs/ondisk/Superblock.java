package dev.swiftlet.rafs.ondisk;

import dev.swiftlet.rafs.FormatException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * The EROFS superblock: 128 bytes at byte 1024 (kernel {@code struct erofs_super_block}).
 */
public record Superblock(
        long checksum,
        long featureCompat,
        int blockSizeBits,
        int rootNid,
        long inodeCount,
        long buildTime,
        long buildTimeNsec,
        long blocks,
        long metaBlockAddr,
        long xattrBlockAddr,
        byte[] uuid,
        String volumeName,
        long featureIncompat,
        int extraDevices,
        int deviceTableSlotOffset) {
    public static final long OFFSET = 1024;
    public static final int SIZE = 128;
    public static final long MAGIC = 0xE0F5E1E2L;
    public static final long COMPAT_SB_CHKSUM = 0x1;
    public static final long COMPAT_MTIME = 0x2;
    /** RAFS v6 marks its bootstraps with this compat bit (nydus {@code RAFS_V6} feature). */
    public static final long COMPAT_RAFS_V6 = 0x4000_0000L;

    public static final long INCOMPAT_ZERO_PADDING = 0x1;
    public static final long INCOMPAT_COMPR_CFGS = 0x2;
    public static final long INCOMPAT_CHUNKED_FILE = 0x4;
    public static final long INCOMPAT_DEVICE_TABLE = 0x8;
    public static final long INCOMPAT_ZTAILPACKING = 0x10;
    public static final long INCOMPAT_FRAGMENTS = 0x20;
    public static final long INCOMPAT_DEDUPE = 0x20;
    /** What Swiftlet reads: uncompressed, chunked files and device tables (compressed EROFS is not its job). */
    public static final long INCOMPAT_SUPPORTED = INCOMPAT_ZERO_PADDING | INCOMPAT_CHUNKED_FILE | INCOMPAT_DEVICE_TABLE;

    public static Superblock read(ImageBytes b) throws FormatException {
        long o = OFFSET;
        b.require(o, SIZE, "EROFS superblock");
        long magic = b.u32(o, "magic");
        if (magic != MAGIC) {
            throw b.error(o, String.format("not an EROFS image: magic 0x%08x, expected 0x%08x", magic, MAGIC));
        }
        int blkszbits = b.u8(o + 12, "blkszbits");
        if (blkszbits < 9 || blkszbits > 12) {
            throw b.error(o + 12, "block size bits " + blkszbits + " outside 9..12");
        }
        return new Superblock(
                b.u32(o + 4, "checksum"),
                b.u32(o + 8, "feature_compat"),
                blkszbits,
                b.u16(o + 14, "root_nid"),
                b.u64(o + 16, "inos"),
                b.u64(o + 24, "build_time"),
                b.u32(o + 32, "build_time_nsec"),
                b.u32(o + 36, "blocks"),
                b.u32(o + 40, "meta_blkaddr"),
                b.u32(o + 44, "xattr_blkaddr"),
                b.bytes(o + 48, 16, "uuid"),
                b.cString(o + 64, 16, "volume_name"),
                b.u32(o + 80, "feature_incompat"),
                b.u16(o + 86, "extra_devices"),
                b.u16(o + 88, "devt_slotoff"));
    }

    public int blockSize() {
        return 1 << blockSizeBits;
    }

    public boolean isRafs() {
        return (featureCompat & COMPAT_RAFS_V6) != 0;
    }

    public boolean hasChecksum() {
        return (featureCompat & COMPAT_SB_CHKSUM) != 0;
    }

    /** Writes this superblock at byte 1024 of {@code image} (checksum as stored; see {@link #checksumOf}). */
    public void write(ByteBuffer image) {
        ByteBuffer b = image.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int o = (int) OFFSET;
        b.putInt(o, (int) MAGIC).putInt(o + 4, (int) checksum).putInt(o + 8, (int) featureCompat);
        b.put(o + 12, (byte) blockSizeBits).put(o + 13, (byte) 0).putShort(o + 14, (short) rootNid);
        b.putLong(o + 16, inodeCount).putLong(o + 24, buildTime).putInt(o + 32, (int) buildTimeNsec);
        b.putInt(o + 36, (int) blocks).putInt(o + 40, (int) metaBlockAddr).putInt(o + 44, (int) xattrBlockAddr);
        b.put(o + 48, uuid, 0, 16);
        byte[] name = new byte[16];
        byte[] v = volumeName.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        System.arraycopy(v, 0, name, 0, Math.min(16, v.length));
        b.put(o + 64, name);
        b.putInt(o + 80, (int) featureIncompat).putShort(o + 84, (short) 0);
        b.putShort(o + 86, (short) extraDevices).putShort(o + 88, (short) deviceTableSlotOffset);
    }

    /**
     * The kernel's superblock checksum: crc32c with seed ~0 and no final inversion over
     * {@code [1024, blockSize)} of block 0 with the checksum field taken as zero. {@link CRC32C} applies the
     * standard final inversion, so it is undone here.
     */
    public static long checksumOf(ImageBytes b, int blockSize) throws FormatException {
        b.require(OFFSET, blockSize - OFFSET, "superblock checksum range");
        byte[] block = b.bytes(OFFSET, (int) (blockSize - OFFSET), "superblock checksum range");
        block[4] = block[5] = block[6] = block[7] = 0;
        CRC32C crc = new CRC32C();
        crc.update(block);
        return ~crc.getValue() & 0xFFFF_FFFFL;
    }
}
