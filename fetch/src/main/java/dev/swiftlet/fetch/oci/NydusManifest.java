package dev.swiftlet.fetch.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The parts of an OCI image manifest a Nydus mount needs: the bootstrap layer (annotation
 * {@code containerd.io/snapshot/nydus-bootstrap: "true"}, a gzip tar with {@code image/image.boot}) and the data
 * blob layers (annotation {@code containerd.io/snapshot/nydus-blob: "true"}; their digest hex is the blob id).
 */
public record NydusManifest(Layer bootstrap, List<Layer> blobs) {
    public static final String MEDIA_TYPE = MediaTypes.OCI_MANIFEST;
    /** What to send as {@code Accept} for a manifest: OCI and Docker schema 2 single-platform manifests. */
    public static final String ACCEPT = MEDIA_TYPE + ", application/vnd.docker.distribution.manifest.v2+json";

    static final String BOOTSTRAP_ANNOTATION = MediaTypes.ANNOTATION_NYDUS_BOOTSTRAP;
    static final String BLOB_ANNOTATION = MediaTypes.ANNOTATION_NYDUS_BLOB;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One layer descriptor. */
    public record Layer(String mediaType, String digest, long size) {
        /** The digest's hex part: a Nydus data blob's id. */
        public String hex() {
            return digest.substring(digest.indexOf(':') + 1);
        }
    }

    /** Parses a manifest; anything that is not a Nydus image manifest is an IOException saying why. */
    public static NydusManifest parse(byte[] body, String where) throws IOException {
        JsonNode m;
        try {
            m = JSON.readTree(body);
        } catch (IOException e) {
            throw new IOException(where + ": the manifest is not JSON: " + e.getMessage());
        }
        if (m == null || !m.path("layers").isArray()) {
            String type = m == null ? "" : m.path("mediaType").asText("");
            throw new IOException(
                    where + ": not a single-platform image manifest" + (type.isEmpty() ? "" : " (" + type + ")"));
        }
        Layer bootstrap = null;
        List<Layer> blobs = new ArrayList<>();
        for (JsonNode l : m.path("layers")) {
            Layer layer = new Layer(
                    l.path("mediaType").asText(""),
                    l.path("digest").asText(""),
                    l.path("size").asLong(-1));
            if (!layer.digest().matches("sha256:[0-9a-f]{64}") || layer.size() < 0) {
                throw new IOException(where + ": layer with an invalid digest or size: " + l);
            }
            JsonNode a = l.path("annotations");
            if (a.path(BOOTSTRAP_ANNOTATION).asText("").equals("true")) bootstrap = layer;
            else if (a.path(BLOB_ANNOTATION).asText("").equals("true")) blobs.add(layer);
        }
        if (bootstrap == null) {
            throw new IOException(where + ": no layer is annotated " + BOOTSTRAP_ANNOTATION + " (not a Nydus image?)");
        }
        return new NydusManifest(bootstrap, List.copyOf(blobs));
    }
}
