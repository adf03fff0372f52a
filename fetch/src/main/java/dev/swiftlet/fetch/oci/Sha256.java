package dev.swiftlet.fetch.oci;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** sha256 digests as OCI writes them ({@code sha256:<hex>}). */
final class Sha256 {
    private Sha256() {}

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String of(byte[] b) {
        return "sha256:" + HexFormat.of().formatHex(newDigest().digest(b));
    }

    static String of(MessageDigest md) {
        return "sha256:" + HexFormat.of().formatHex(md.digest());
    }

    /** The hex part of a sha256 digest; anything else is refused (it becomes a file name or a URL). */
    static String hex(String digest) {
        if (digest == null || !digest.matches("sha256:[0-9a-f]{64}"))
            throw new IllegalArgumentException("'" + digest + "' is not a sha256 digest");
        return digest.substring(7);
    }
}
