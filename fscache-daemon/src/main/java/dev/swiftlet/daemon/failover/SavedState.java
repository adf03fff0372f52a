package dev.swiftlet.daemon.failover;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a daemon hands its successor besides the descriptor: the blob cache entries it serves, as its clients
 * sent them. The supervisor treats it as opaque bytes; nydusd uses a Rust {@code versionize} blob, Swiftlet
 * this JSON, so only a Swiftlet daemon can take over from a Swiftlet daemon.
 *
 * @param daemonId the daemon that saved it
 * @param frontEnd the front end whose descriptor comes with it ("cachefiles", "fanotify", "none")
 * @param entries nydusd BlobCacheEntry documents, in registration order
 */
public record SavedState(String daemonId, String frontEnd, List<JsonNode> entries) {
    public static final String FORMAT = "swiftlet-daemon-state/1";
    /** Built on the first sendfd or takeover, not at start (databind loads a few hundred classes). */
    private static final class Mapper {
        static final ObjectMapper INSTANCE = new ObjectMapper();
    }

    public SavedState {
        entries = List.copyOf(entries);
    }

    public byte[] toBytes() {
        ObjectNode n = Mapper.INSTANCE.createObjectNode();
        n.put("format", FORMAT);
        n.put("daemon_id", daemonId);
        n.put("frontend", frontEnd);
        var arr = n.putArray("blobs");
        entries.forEach(arr::add);
        try {
            return Mapper.INSTANCE.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }

    public static SavedState parse(byte[] bytes) throws IOException {
        JsonNode n;
        try {
            n = Mapper.INSTANCE.readTree(bytes);
        } catch (IOException e) {
            throw new IOException("saved state is not JSON (not saved by Swiftlet?): "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
        if (n == null || !FORMAT.equals(n.path("format").asText())) {
            throw new IOException(
                    "saved state has no \"format\":\"" + FORMAT + "\" (not saved by this Swiftlet version?)");
        }
        if (!n.path("blobs").isArray()) throw new IOException("saved state has no \"blobs\" array");
        List<JsonNode> entries = new ArrayList<>();
        n.path("blobs").forEach(entries::add);
        return new SavedState(n.path("daemon_id").asText(""), n.path("frontend").asText(""), entries);
    }
}
