package dev.swiftlet.rafs;

import java.util.Arrays;
import java.util.HexFormat;

/** A 32-byte chunk or blob digest and the algorithm that made it. The array is copied in and never exposed. */
public record Digest(DigestAlgorithm algorithm, byte[] bytes) {
    public Digest {
        if (bytes.length != DigestAlgorithm.DIGEST_LENGTH) {
            throw new IllegalArgumentException("digest must be 32 bytes, got " + bytes.length);
        }
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    public String hex() {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Digest d && d.algorithm == algorithm && Arrays.equals(d.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return 31 * algorithm.hashCode() + Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return algorithm.cliName() + ":" + hex();
    }
}
