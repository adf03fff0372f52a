package dev.swiftlet.rafs.build;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * Writes an OCI image layout holding a Nydus image, as nydusify publishes one: one layer per data blob
 * (media type {@code application/vnd.oci.image.layer.nydus.blob.v1}, annotation
 * {@code containerd.io/snapshot/nydus-blob}) and a last, gzip tar layer with {@code image/image.boot}
 * (annotations {@code containerd.io/snapshot/nydus-bootstrap} and {@code nydus-fs-version: 6}).
 * {@code skopeo copy oci:DIR docker://...} pushes it.
 */
public final class OciLayoutWriter {
    static final String NYDUS_BLOB = "application/vnd.oci.image.layer.nydus.blob.v1";
    static final String TAR_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
    static final String MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String CONFIG = "application/vnd.oci.image.config.v1+json";

    private OciLayoutWriter() {}

    /** {@code blobFiles}: each data blob's file, in blob-table order (their sha256 is their id). */
    public static String write(Path layoutDir, Path bootstrap, List<Path> blobFiles, String tag) throws IOException {
        Path blobs = Files.createDirectories(layoutDir.resolve("blobs/sha256"));
        Files.writeString(layoutDir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        List<String> layers = new ArrayList<>();
        List<String> diffIds = new ArrayList<>();
        for (Path f : blobFiles) {
            String digest = sha256(f);
            Files.copy(f, blobs.resolve(digest), StandardCopyOption.REPLACE_EXISTING);
            layers.add(descriptor(NYDUS_BLOB, digest, Files.size(f),
                    "\"containerd.io/snapshot/nydus-blob\":\"true\""));
            diffIds.add("\"sha256:" + digest + "\"");
        }
        byte[] tar = bootstrapTar(Files.readAllBytes(bootstrap));
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(tar);
        }
        String bootDigest = put(blobs, gz.toByteArray());
        layers.add(descriptor(TAR_GZIP, bootDigest, gz.size(), "\"containerd.io/snapshot/nydus-bootstrap\":\"true\","
                + "\"containerd.io/snapshot/nydus-fs-version\":\"6\""));
        diffIds.add("\"sha256:" + sha256(tar) + "\"");
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{},\"rootfs\":{\"type\":\"layers\","
                + "\"diff_ids\":[" + String.join(",", diffIds) + "]}}").getBytes(StandardCharsets.UTF_8);
        String configDigest = put(blobs, config);
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + MANIFEST + "\",\"config\":"
                + descriptor(CONFIG, configDigest, config.length, null) + ",\"layers\":[" + String.join(",", layers) + "]}")
                .getBytes(StandardCharsets.UTF_8);
        String manifestDigest = put(blobs, manifest);
        Files.writeString(layoutDir.resolve("index.json"), "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\","
                + "\"manifests\":[" + descriptor(MANIFEST, manifestDigest, manifest.length,
                "\"org.opencontainers.image.ref.name\":\"" + tag + "\"") + "]}");
        return "sha256:" + manifestDigest;
    }

    private static String descriptor(String mediaType, String digest, long size, String annotations) {
        return "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"sha256:" + digest + "\",\"size\":" + size
                + (annotations == null ? "" : ",\"annotations\":{" + annotations + "}") + "}";
    }

    /** A tar with one entry, {@code image/image.boot}, as the snapshotter unpacks it. */
    static byte[] bootstrapTar(byte[] boot) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] h = new byte[512];
        byte[] name = "image/image.boot".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(name, 0, h, 0, name.length);
        octal(h, 100, 8, 0644);
        octal(h, 108, 8, 0);
        octal(h, 116, 8, 0);
        octal(h, 124, 12, boot.length);
        octal(h, 136, 12, 0);
        h[156] = '0';
        System.arraycopy("ustar\0".getBytes(StandardCharsets.US_ASCII), 0, h, 257, 6);
        h[263] = '0';
        h[264] = '0';
        for (int i = 148; i < 156; i++) h[i] = ' ';
        long sum = 0;
        for (byte b : h) sum += b & 0xff;
        octal(h, 148, 8, sum);
        out.writeBytes(h);
        out.writeBytes(boot);
        out.writeBytes(new byte[(512 - boot.length % 512) % 512]);
        out.writeBytes(new byte[1024]);
        return out.toByteArray();
    }

    private static void octal(byte[] h, int off, int len, long v) {
        byte[] s = String.format("%0" + (len - 1) + "o", v).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(s, 0, h, off, len - 1);
    }

    private static String put(Path blobs, byte[] content) throws IOException {
        String d = sha256(content);
        Files.write(blobs.resolve(d), content);
        return d;
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String sha256(Path f) throws IOException {
        try (var in = Files.newInputStream(f)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
            return HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
