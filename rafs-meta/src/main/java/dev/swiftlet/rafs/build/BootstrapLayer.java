package dev.swiftlet.rafs.build;

import dev.swiftlet.rafs.FormatException;
import dev.swiftlet.rafs.ondisk.TarHeader;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;

/**
 * The bootstrap layer of a Nydus image in a registry: a (gzip) tar holding {@code image/image.boot}, as
 * {@link #pack} and nydusify write it and the snapshotter unpacks it.
 */
public final class BootstrapLayer {
    /** The entry the bootstrap is stored under. */
    public static final String ENTRY = "image/image.boot";

    /** The media type nydusify gives the bootstrap layer of an OCI image (a Docker one gets Docker's gzip type). */
    public static final String MEDIA_TYPE = "application/vnd.oci.image.layer.v1.tar+gzip";

    private BootstrapLayer() {}

    /** A packed bootstrap layer: its digest and size, and the sha256 of the tar inside (the config's diff_id). */
    public record Packed(Path file, String digest, long size, String diffId) {}

    /**
     * Packs {@code bootstrap} into a gzip tar holding {@link #ENTRY}, written to {@code out}, as the snapshotter
     * unpacks it. The bootstrap is streamed, never held whole.
     */
    public static Packed pack(Path bootstrap, Path out) throws IOException {
        MessageDigest tarSha = sha256(), gzSha = sha256();
        long size = Files.size(bootstrap);
        try (OutputStream file =
                        new DigestOutputStream(new BufferedOutputStream(Files.newOutputStream(out), 1 << 16), gzSha);
                OutputStream tar = new DigestOutputStream(new GZIPOutputStream(file, 1 << 16), tarSha)) {
            // the GNU header nydus blobs use (mode 0644, root, mtime 0: equal bootstraps pack equally)
            java.nio.ByteBuffer header = java.nio.ByteBuffer.allocate(TarHeader.SIZE);
            new TarHeader(ENTRY, size, '0').write(header, 0);
            tar.write(header.array());
            Files.copy(bootstrap, tar);
            tar.write(new byte[(int) ((512 - size % 512) % 512)]);
            tar.write(new byte[1024]);
        }
        return new Packed(
                out,
                "sha256:" + HexFormat.of().formatHex(gzSha.digest()),
                Files.size(out),
                "sha256:" + HexFormat.of().formatHex(tarSha.digest()));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Extracts {@link #ENTRY} from the layer file {@code layer} (plain or gzip tar) into {@code out} (written through
     * a temporary file and moved, so {@code out} is never half written).
     */
    public static Path extract(Path layer, Path out) throws IOException {
        try (TarSource tar = TarSource.open(layer)) {
            for (SourceEntry e : tar.entries()) {
                if (!e.path().equals(ENTRY)) continue;
                if (e.type() != SourceEntry.Type.REGULAR) {
                    throw new FormatException(
                            layer.toString(), -1, ENTRY + " is not a regular file in the bootstrap layer");
                }
                Path tmp = Files.createTempFile(out.toAbsolutePath().getParent(), ".image", ".boot.tmp");
                try (FileChannel src = FileChannel.open(e.content().file(), StandardOpenOption.READ);
                        FileChannel dst = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                    long done = 0;
                    while (done < e.size()) {
                        long n = src.transferTo(e.content().offset() + done, e.size() - done, dst);
                        if (n <= 0)
                            throw new FormatException(
                                    layer.toString(), e.content().offset() + done, "bootstrap entry truncated");
                        done += n;
                    }
                }
                return Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        }
        throw new FormatException(layer.toString(), -1, "no " + ENTRY + " in the bootstrap layer");
    }

    /** Same, from a stream (saved to a temporary file next to {@code out} first). */
    public static Path extract(InputStream layer, Path out) throws IOException {
        Path tmp = Files.createTempFile(out.toAbsolutePath().getParent(), ".layer", ".tar.tmp");
        try {
            Files.copy(layer, tmp, StandardCopyOption.REPLACE_EXISTING);
            return extract(tmp, out);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
