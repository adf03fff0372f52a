package dev.swiftlet.rafs;

import java.util.Locale;

/** Chunk compressors, with the numbers RAFS v6 stores in the blob table (`compression_algo`, `ci_compressor`). */
public enum Compression {
    NONE(0, "none", 0x1),
    LZ4_BLOCK(1, "lz4_block", 0x2),
    GZIP(2, "gzip", 0x40),
    ZSTD(3, "zstd", 0x80);

    private final int onDiskValue;
    private final String cliName;
    private final long superFlag;

    Compression(int onDiskValue, String cliName, long superFlag) {
        this.onDiskValue = onDiskValue;
        this.cliName = cliName;
        this.superFlag = superFlag;
    }

    /** Value in the blob table's `compression_algo` field. */
    public int onDiskValue() {
        return onDiskValue;
    }

    /** Name used by nydus-image and on Swiftlet's command line. */
    public String cliName() {
        return cliName;
    }

    /** The `RafsSuperFlags` bit of the extended superblock. */
    public long superFlag() {
        return superFlag;
    }

    public static Compression fromOnDisk(int value) {
        for (Compression c : values()) {
            if (c.onDiskValue == value) return c;
        }
        throw new IllegalArgumentException("unknown compression algorithm " + value);
    }

    public static Compression fromCliName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        for (Compression c : values()) {
            if (c.cliName.equals(n)) return c;
        }
        throw new IllegalArgumentException("unknown compressor '" + name + "' (none, lz4_block, zstd)");
    }

    @Override
    public String toString() {
        return cliName;
    }
}
