package dev.swiftlet.fetch.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The single-platform image a conversion reads: resolved from an index by platform, its config read and checked,
 * and every layer checked to be a tar layer before any work starts, so bad input fails before anything is written.
 *
 * @param diffIds the config's {@code rootfs.diff_ids}, one per layer
 */
public record SourceImage(String description, byte[] config, List<Layer> layers, List<String> diffIds) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_CONFIG = 8 << 20;

    /** One layer: its place, descriptor and compression. */
    public record Layer(
            int index, int count, String mediaType, String digest, long size, MediaTypes.LayerCompression compression) {
        /** How messages name the layer. */
        public String name() {
            return "layer " + (index + 1) + "/" + count + " (" + digest + ")";
        }
    }

    /**
     * {@code platform} picks the image of an index (null: this host's); a single image whose config names another
     * platform is refused only when {@code platform} was given.
     */
    public static SourceImage resolve(ImageSource source, Platform platform) throws IOException {
        Platform wanted = platform == null ? Platform.host() : platform;
        byte[] root = source.root();
        JsonNode doc = parse(root, source.describe());
        String where = source.describe();
        if (doc.has("manifests")) {
            JsonNode chosen = null;
            List<String> offered = new ArrayList<>();
            for (JsonNode m : doc.path("manifests")) {
                JsonNode p = m.path("platform");
                offered.add(
                        p.path("os").asText("?") + "/" + p.path("architecture").asText("?")
                                + (p.has("variant") ? "/" + p.path("variant").asText() : ""));
                if (chosen == null
                        && wanted.matches(
                                p.path("os").asText(),
                                p.path("architecture").asText(),
                                p.path("variant").asText(null))) {
                    chosen = m;
                }
            }
            if (chosen == null)
                throw new IOException(
                        where + " has no image for " + wanted + " (it has " + offered + "); pick one with --platform");
            String digest = chosen.path("digest").asText("");
            where = where + "@" + digest;
            doc = parse(source.manifest(digest), where);
        }
        if (doc.path("schemaVersion").asInt() == 1)
            throw new IOException(where + ": Docker schema 1 manifests are not supported");
        if (!doc.path("layers").isArray()) throw new IOException(where + ": not an image manifest (no layers)");
        List<JsonNode> descriptors = new ArrayList<>();
        doc.path("layers").forEach(descriptors::add);
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; i < descriptors.size(); i++) {
            JsonNode l = descriptors.get(i);
            String mediaType = l.path("mediaType").asText("");
            String digest = l.path("digest").asText("");
            Layer layer = new Layer(
                    i,
                    descriptors.size(),
                    mediaType,
                    digest,
                    l.path("size").asLong(-1),
                    MediaTypes.tarLayer(mediaType));
            if (!digest.matches("sha256:[0-9a-f]{64}") || layer.size() < 0)
                throw new IOException(where + ": " + layer.name() + " has an invalid digest or size");
            if (l.path("annotations").has(MediaTypes.ANNOTATION_NYDUS_BOOTSTRAP)
                    || MediaTypes.NYDUS_BLOB.equals(mediaType)) {
                throw new IOException(where + " is already a Nydus image (" + layer.name() + " is a Nydus layer)");
            }
            if (layer.compression() == null) {
                throw new IOException(where + ": " + layer.name() + " has media type '" + mediaType
                        + "', which is not a tar layer (tar, tar+gzip or tar+zstd)");
            }
            layers.add(layer);
        }
        String configDigest = doc.path("config").path("digest").asText("");
        byte[] config;
        try (InputStream in = source.blob(configDigest)) {
            config = in.readNBytes(MAX_CONFIG + 1);
        }
        if (config.length > MAX_CONFIG || !Sha256.of(config).equals(configDigest)) {
            throw new IOException(where + ": the image config " + configDigest + " does not match its digest");
        }
        JsonNode c = parse(config, where + " config");
        if (platform != null
                && !platform.matches(
                        c.path("os").asText(),
                        c.path("architecture").asText(),
                        c.path("variant").asText(null))) {
            throw new IOException(where + " is an image for " + c.path("os").asText() + "/"
                    + c.path("architecture").asText() + ", not " + platform);
        }
        List<String> diffIds = new ArrayList<>();
        c.path("rootfs").path("diff_ids").forEach(d -> diffIds.add(d.asText()));
        if (diffIds.size() != layers.size()) {
            throw new IOException(
                    where + ": the config lists " + diffIds.size() + " diff_ids for " + layers.size() + " layers");
        }
        return new SourceImage(where, config, List.copyOf(layers), List.copyOf(diffIds));
    }

    private static JsonNode parse(byte[] body, String where) throws IOException {
        try {
            JsonNode n = JSON.readTree(body);
            if (n == null || !n.isObject()) throw new IOException("not a JSON object");
            return n;
        } catch (IOException e) {
            throw new IOException(where + ": not a JSON document: " + e.getMessage());
        }
    }
}
