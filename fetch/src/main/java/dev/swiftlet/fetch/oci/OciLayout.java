package dev.swiftlet.fetch.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * An OCI image layout directory ({@code oci-layout}, {@code index.json}, {@code blobs/sha256/<hex>}), named as
 * skopeo names it: {@code oci:DIR[:TAG]}. Read as a conversion's {@link ImageSource}, written as its
 * {@link ImageTarget}: blobs are written through temporary files, and {@code index.json} is replaced in one rename
 * once the manifest is in, so a tag never names an image whose blobs are not all there.
 */
public final class OciLayout implements ImageSource, ImageTarget {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final String tag;

    /** {@code tag} null: as a source, the layout's only image; as a target, {@code latest}. */
    public OciLayout(Path dir, String tag) {
        this.dir = dir;
        this.tag = tag;
    }

    /** Parses {@code DIR[:TAG]} (what follows {@code oci:}). */
    public static OciLayout parse(String spec) {
        int colon = spec.lastIndexOf(':');
        if (colon > 0 && !spec.substring(colon + 1).contains("/"))
            return new OciLayout(Path.of(spec.substring(0, colon)), spec.substring(colon + 1));
        return new OciLayout(Path.of(spec), null);
    }

    private Path blobPath(String digest) {
        return dir.resolve("blobs/sha256").resolve(Sha256.hex(digest));
    }

    @Override
    public byte[] root() throws IOException {
        JsonNode index = readIndex();
        JsonNode chosen = null;
        int count = 0;
        for (JsonNode m : index.path("manifests")) {
            count++;
            String ref = m.path("annotations").path(MediaTypes.REF_NAME).asText(null);
            if (tag != null ? tag.equals(ref) : count == 1) chosen = m;
        }
        if (tag == null && count > 1)
            throw new IOException(describe() + " holds " + count + " images: name one as oci:DIR:TAG");
        if (chosen == null)
            throw new IOException(describe() + ": no image " + (tag == null ? "in index.json" : "tagged " + tag));
        return manifest(chosen.path("digest").asText(""));
    }

    private JsonNode readIndex() throws IOException {
        try {
            return JSON.readTree(Files.readAllBytes(dir.resolve("index.json")));
        } catch (NoSuchFileException e) {
            throw new IOException(dir + " is not an OCI image layout (no index.json)");
        }
    }

    @Override
    public byte[] manifest(String digest) throws IOException {
        byte[] b;
        try {
            b = Files.readAllBytes(blobPath(digest));
        } catch (NoSuchFileException e) {
            throw new IOException(describe() + ": blob " + digest + " is missing");
        }
        if (!Sha256.of(b).equals(digest))
            throw new IOException(describe() + ": blob " + digest + " does not match its digest");
        return b;
    }

    @Override
    public InputStream blob(String digest) throws IOException {
        try {
            return Files.newInputStream(blobPath(digest));
        } catch (NoSuchFileException e) {
            throw new IOException(describe() + ": blob " + digest + " is missing");
        }
    }

    @Override
    public void putBlob(String digest, long size, Path file) throws IOException {
        Path target = blobPath(digest);
        if (Files.exists(target) && Files.size(target) == size) return;
        if (file == null)
            throw new IOException(describe() + ": blob " + digest + " is not local and not in the layout");
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), ".blob", ".tmp");
        try {
            Files.copy(file, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Override
    public void putBlob(String digest, byte[] content) throws IOException {
        Path target = blobPath(digest);
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), ".blob", ".tmp");
        Files.write(tmp, content);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public void putManifest(String digest, String mediaType, byte[] manifest) throws IOException {
        putBlob(digest, manifest);
        String name = tag == null ? "latest" : tag;
        ObjectNode index = Files.exists(dir.resolve("index.json")) ? (ObjectNode) readIndex() : JSON.createObjectNode();
        index.put("schemaVersion", 2);
        index.put("mediaType", MediaTypes.OCI_INDEX);
        ArrayNode manifests = JSON.createArrayNode();
        for (JsonNode m : index.path("manifests")) {
            if (!name.equals(m.path("annotations").path(MediaTypes.REF_NAME).asText(null))) manifests.add(m);
        }
        ObjectNode d = manifests.addObject();
        d.put("mediaType", mediaType).put("digest", digest).put("size", manifest.length);
        d.putObject("annotations").put(MediaTypes.REF_NAME, name);
        index.set("manifests", manifests);
        Files.writeString(dir.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        Path tmp = Files.createTempFile(dir, ".index", ".json.tmp");
        Files.write(tmp, JSON.writeValueAsBytes(index));
        Files.move(tmp, dir.resolve("index.json"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public String describe() {
        return "oci:" + dir + (tag == null ? "" : ":" + tag);
    }

    @Override
    public void close() {
        // nothing held open
    }
}
