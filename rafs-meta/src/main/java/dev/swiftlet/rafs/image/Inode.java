package dev.swiftlet.rafs.image;

import dev.swiftlet.rafs.ondisk.InodeHeader;
import java.util.Map;

/**
 * A decoded inode: its number ({@code nid}), header, extended attributes and where its inline area
 * (tail data or chunk indexes) begins in the bootstrap.
 */
public record Inode(long nid, InodeHeader header, Map<String, byte[]> xattrs, long inlineOffset) {
    public static final int S_IFMT = 0170000,
            S_IFREG = 0100000,
            S_IFDIR = 0040000,
            S_IFLNK = 0120000,
            S_IFCHR = 0020000,
            S_IFBLK = 0060000,
            S_IFIFO = 0010000,
            S_IFSOCK = 0140000;

    public int type() {
        return header.mode() & S_IFMT;
    }

    public boolean isDirectory() {
        return type() == S_IFDIR;
    }

    public boolean isRegular() {
        return type() == S_IFREG;
    }

    public boolean isSymlink() {
        return type() == S_IFLNK;
    }

    public boolean isDevice() {
        return type() == S_IFCHR || type() == S_IFBLK;
    }

    public long size() {
        return header.size();
    }

    /** Device number as the kernel encodes it in {@code i_u} (new_encode_dev). */
    public long rdev() {
        return isDevice() ? header.iu() : 0;
    }

    public int permissions() {
        return header.mode() & 07777;
    }
}
