package dev.swiftlet.fetch.oci;

import dev.swiftlet.fetch.FetchException;
import dev.swiftlet.fetch.registry.RegistryBackend;
import dev.swiftlet.rafs.build.BootstrapLayer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Gets what mounting a Nydus image from a registry needs locally: its manifest and its bootstrap (the bootstrap
 * layer is downloaded, checked against its digest and unpacked). The data blobs stay in the registry; the daemon
 * fetches their chunks on demand. Bootstraps are kept under {@code workDir/<manifest digest>/image.boot}, so pulling
 * the same image again costs one manifest request.
 */
public final class ImagePuller {
    /** Bootstrap layers larger than this are refused: a hostile registry must not fill the disk. */
    static final long MAX_BOOTSTRAP_LAYER = 1L << 30;

    private static final int PIECE = 8 << 20;

    private ImagePuller() {}

    /** The pulled image: its bootstrap file, manifest and manifest digest. */
    public record Pulled(Path bootstrap, NydusManifest manifest, String manifestDigest) {}

    public static Pulled pull(RegistryBackend registry, String reference, Path workDir) throws IOException {
        byte[] body = RegistryManifests.get(registry, reference, NydusManifest.ACCEPT);
        String digest = "sha256:" + HexFormat.of().formatHex(sha256().digest(body));
        NydusManifest manifest = NydusManifest.parse(body, registry.describe() + " manifest " + reference);
        Path dir = Files.createDirectories(workDir.resolve(digest.substring(7)));
        Path boot = dir.resolve("image.boot");
        if (Files.isRegularFile(boot)) return new Pulled(boot, manifest, digest);
        NydusManifest.Layer layer = manifest.bootstrap();
        if (layer.size() > MAX_BOOTSTRAP_LAYER) {
            throw new IOException(
                    "bootstrap layer " + layer.digest() + " is " + layer.size() + " bytes: larger than allowed");
        }
        Path tmp = Files.createTempFile(dir, ".bootstrap-layer", ".tmp");
        try {
            MessageDigest md = sha256();
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.allocate((int) Math.min(PIECE, Math.max(1, layer.size())));
                for (long off = 0; off < layer.size(); ) {
                    int n = (int) Math.min(buf.capacity(), layer.size() - off);
                    buf.clear().limit(n);
                    registry.read(layer.hex(), off, buf);
                    buf.flip();
                    md.update(buf.duplicate());
                    while (buf.hasRemaining()) out.write(buf);
                    off += n;
                }
            }
            String got = "sha256:" + HexFormat.of().formatHex(md.digest());
            if (!got.equals(layer.digest())) {
                throw new FetchException(
                        layer.hex(), 0, layer.size(), registry.describe(), "bootstrap layer digest is " + got, false);
            }
            BootstrapLayer.extract(tmp, boot);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return new Pulled(boot, manifest, digest);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
