package dev.swiftlet.fetch.oci;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swiftlet.rafs.build.BootstrapLayer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Publishes a Nydus image to a target in the shape nydusify writes and nydus-snapshotter reads
 * ({@code pkg/converter/convert_unix.go}): one layer per data blob (media type {@link MediaTypes#NYDUS_BLOB},
 * annotation {@code containerd.io/snapshot/nydus-blob: "true"}; its digest is the blob id and its diff_id), then the
 * bootstrap layer (a gzip tar holding {@code image/image.boot}, annotations {@code nydus-bootstrap: "true"} and
 * {@code nydus-fs-version: "6"}; its diff_id the sha256 of the tar), then the config, and the manifest last.
 */
public final class NydusImageWriter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private NydusImageWriter() {}

    /** A data blob of the image: its id (sha256 hex), size, and file (null when it is not local). */
    public record Blob(String id, long size, Path file) {}

    /** What was published: the manifest's digest and bytes. */
    public record Written(String manifestDigest, byte[] manifest) {}

    public static Written write(
            ImageTarget target, List<Blob> blobs, Path bootstrap, ImageConfig config, boolean converted, Path workDir)
            throws IOException {
        Path packed = Files.createTempFile(workDir, "bootstrap", ".tar.gz");
        try {
            BootstrapLayer.Packed boot = BootstrapLayer.pack(bootstrap, packed);
            ArrayNode layers = JSON.createArrayNode();
            List<String> diffIds = new ArrayList<>();
            for (Blob b : blobs) {
                String digest = "sha256:" + b.id();
                target.putBlob(digest, b.size(), b.file());
                ObjectNode l = layers.addObject()
                        .put("mediaType", MediaTypes.NYDUS_BLOB)
                        .put("digest", digest)
                        .put("size", b.size());
                l.putObject("annotations").put(MediaTypes.ANNOTATION_NYDUS_BLOB, "true");
                diffIds.add(digest);
            }
            target.putBlob(boot.digest(), boot.size(), boot.file());
            ObjectNode bl = layers.addObject()
                    .put("mediaType", BootstrapLayer.MEDIA_TYPE)
                    .put("digest", boot.digest())
                    .put("size", boot.size());
            bl.putObject("annotations")
                    .put(MediaTypes.ANNOTATION_FS_VERSION, "6")
                    .put(MediaTypes.ANNOTATION_NYDUS_BOOTSTRAP, "true");
            diffIds.add(boot.diffId());

            byte[] configBytes = config.forLayers(diffIds, converted);
            String configDigest = Sha256.of(configBytes);
            target.putBlob(configDigest, configBytes);
            ObjectNode m = JSON.createObjectNode().put("schemaVersion", 2).put("mediaType", MediaTypes.OCI_MANIFEST);
            m.putObject("config")
                    .put("mediaType", MediaTypes.OCI_CONFIG)
                    .put("digest", configDigest)
                    .put("size", configBytes.length);
            m.set("layers", layers);
            byte[] manifest = JSON.writeValueAsBytes(m);
            String manifestDigest = Sha256.of(manifest);
            target.putManifest(manifestDigest, MediaTypes.OCI_MANIFEST, manifest);
            return new Written(manifestDigest, manifest);
        } finally {
            Files.deleteIfExists(packed);
        }
    }
}
