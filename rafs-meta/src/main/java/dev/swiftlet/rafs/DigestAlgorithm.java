package dev.swiftlet.rafs;

import java.util.Locale;

/** Chunk digesters, with the numbers RAFS v6 stores in the blob table (`digest_algo`). Both give 32 bytes. */
public enum DigestAlgorithm {
    BLAKE3(0, "blake3", 0x4),
    SHA256(1, "sha256", 0x8);

    public static final int DIGEST_LENGTH = 32;

    private final int onDiskValue;
    private final String cliName;
    private final long superFlag;

    DigestAlgorithm(int onDiskValue, String cliName, long superFlag) {
        this.onDiskValue = onDiskValue;
        this.cliName = cliName;
        this.superFlag = superFlag;
    }

    public int onDiskValue() {
        return onDiskValue;
    }

    public String cliName() {
        return cliName;
    }

    /** The `RafsSuperFlags` bit of the extended superblock. */
    public long superFlag() {
        return superFlag;
    }

    public static DigestAlgorithm fromOnDisk(int value) {
        for (DigestAlgorithm d : values()) {
            if (d.onDiskValue == value) return d;
        }
        throw new IllegalArgumentException("unknown digest algorithm " + value);
    }

    public static DigestAlgorithm fromCliName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        for (DigestAlgorithm d : values()) {
            if (d.cliName.equals(n)) return d;
        }
        throw new IllegalArgumentException("unknown digester '" + name + "' (blake3, sha256)");
    }

    @Override
    public String toString() {
        return cliName;
    }
}
