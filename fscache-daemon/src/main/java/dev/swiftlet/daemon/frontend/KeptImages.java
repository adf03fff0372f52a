package dev.swiftlet.daemon.frontend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The registered images as a successor gets them (from the fanotify keeper, or the ublk front end's state file): the
 * nydusd BlobCacheEntry documents clients sent, as one JSON array. Keepers treat it as opaque text.
 */
public final class KeptImages {
    private static final ObjectMapper JSON = new ObjectMapper();

    private KeptImages() {}

    public static String write(List<JsonNode> entries) throws IOException {
        ArrayNode arr = JSON.createArrayNode();
        entries.forEach(arr::add);
        return JSON.writeValueAsString(arr);
    }

    /** The entries of a saved array; none for an empty or absent state. */
    public static List<JsonNode> read(String state) throws IOException {
        List<JsonNode> entries = new ArrayList<>();
        JsonNode n = state == null || state.isEmpty() ? null : JSON.readTree(state);
        if (n != null && n.isArray()) n.forEach(entries::add);
        return entries;
    }
}
