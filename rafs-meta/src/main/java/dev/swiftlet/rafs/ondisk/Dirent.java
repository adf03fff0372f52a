package dev.swiftlet.rafs.ondisk;

/** A 12-byte EROFS directory entry: inode number, name offset within the block, file type. */
public final class Dirent {
    public static final int SIZE = 12;
    public static final int FT_UNKNOWN = 0,
            FT_REG_FILE = 1,
            FT_DIR = 2,
            FT_CHRDEV = 3,
            FT_BLKDEV = 4,
            FT_FIFO = 5,
            FT_SOCK = 6,
            FT_SYMLINK = 7;

    private Dirent() {}
}
