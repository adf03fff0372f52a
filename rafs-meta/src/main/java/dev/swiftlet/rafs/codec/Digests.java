package dev.swiftlet.rafs.codec;

import dev.swiftlet.rafs.Digest;
import dev.swiftlet.rafs.DigestAlgorithm;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Chunk digests: BLAKE3 ({@link Blake3Engines#active()}) or SHA-256 (JDK) over the uncompressed chunk. */
public final class Digests {
    private Digests() {}

    /** Digest of {@code data} from position to limit; the buffer's position is not moved. */
    public static Digest compute(DigestAlgorithm algorithm, ByteBuffer data) {
        byte[] out = new byte[DigestAlgorithm.DIGEST_LENGTH];
        ByteBuffer in = data.duplicate();
        switch (algorithm) {
            case SHA256 -> {
                MessageDigest md = sha256();
                md.update(in);
                out = md.digest();
            }
            case BLAKE3 -> Blake3Engines.active().digest(in, out);
        }
        return new Digest(algorithm, out);
    }

    public static Digest compute(DigestAlgorithm algorithm, byte[] data, int offset, int length) {
        return compute(algorithm, ByteBuffer.wrap(data, offset, length));
    }

    /** True when {@code data} hashes to {@code expected} under the expected digest's algorithm. */
    public static boolean matches(Digest expected, ByteBuffer data) {
        return compute(expected.algorithm(), data).equals(expected);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }
}
