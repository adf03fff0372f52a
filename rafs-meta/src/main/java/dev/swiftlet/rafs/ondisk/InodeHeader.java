package dev.swiftlet.rafs.ondisk;

import dev.swiftlet.rafs.FormatException;

/**
 * An EROFS on-disk inode, compact (32 bytes) or extended (64 bytes), decoded into one shape. {@code iu}
 * is the union: raw block address (flat layouts), rdev (devices) or chunk format (chunk-based files).
 */
public record InodeHeader(
        boolean extended,
        int layout,
        int xattrICount,
        int mode,
        long nlink,
        long size,
        long iu,
        long ino,
        long uid,
        long gid,
        long mtime,
        long mtimeNsec) {
    public static final int COMPACT_SIZE = 32;
    public static final int EXTENDED_SIZE = 64;
    public static final int LAYOUT_FLAT_PLAIN = 0;
    public static final int LAYOUT_COMPRESSED_FULL = 1;
    public static final int LAYOUT_FLAT_INLINE = 2;
    public static final int LAYOUT_COMPRESSED_COMPACT = 3;
    public static final int LAYOUT_CHUNK_BASED = 4;

    /** Reads the inode at {@code offset}; compact inodes take their mtime from the superblock's build time. */
    public static InodeHeader read(ImageBytes b, long offset, long buildTime, long buildTimeNsec)
            throws FormatException {
        int format = b.u16(offset, "i_format");
        boolean ext = (format & 1) != 0;
        int layout = (format >> 1) & 0x7;
        if ((format & ~0xF) != 0)
            throw b.error(offset, "inode format 0x" + Integer.toHexString(format) + " has unknown bits");
        if (!ext) {
            b.require(offset, COMPACT_SIZE, "compact inode");
            return new InodeHeader(
                    false,
                    layout,
                    b.u16(offset + 2, "i_xattr_icount"),
                    b.u16(offset + 4, "i_mode"),
                    b.u16(offset + 6, "i_nlink"),
                    b.u32(offset + 8, "i_size"),
                    b.u32(offset + 16, "i_u"),
                    b.u32(offset + 20, "i_ino"),
                    b.u16(offset + 24, "i_uid"),
                    b.u16(offset + 26, "i_gid"),
                    buildTime,
                    buildTimeNsec);
        }
        b.require(offset, EXTENDED_SIZE, "extended inode");
        long size = b.u64(offset + 8, "i_size");
        if (size < 0) throw b.error(offset + 8, "negative inode size");
        return new InodeHeader(
                true,
                layout,
                b.u16(offset + 2, "i_xattr_icount"),
                b.u16(offset + 4, "i_mode"),
                b.u32(offset + 44, "i_nlink"),
                size,
                b.u32(offset + 16, "i_u"),
                b.u32(offset + 20, "i_ino"),
                b.u32(offset + 24, "i_uid"),
                b.u32(offset + 28, "i_gid"),
                b.u64(offset + 32, "i_mtime"),
                b.u32(offset + 40, "i_mtime_nsec"));
    }

    public int inodeSize() {
        return extended ? EXTENDED_SIZE : COMPACT_SIZE;
    }

    /** Bytes of the inline xattr area after the inode (ibody header + entries). */
    public int xattrSize() {
        return xattrICount == 0 ? 0 : 12 + (xattrICount - 1) * 4;
    }
}
