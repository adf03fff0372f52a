package dev.swiftlet.fetch.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * An OCI image config for a Nydus image: a source image's config kept whole (Cmd, Entrypoint, Env, WorkingDir, User,
 * ExposedPorts, Labels, history and anything else), or a new one; the simple run settings can be set over it, and
 * {@link #forLayers} rewrites {@code rootfs.diff_ids} for the new layers and appends the bootstrap layer's history
 * entry as nydus-snapshotter's converter does ({@code created_by: "Nydus Converter"}).
 */
public final class ImageConfig {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ObjectNode json;

    private ImageConfig(ObjectNode json) {
        this.json = json;
    }

    /** A config for this host's platform with nothing to run set. */
    public static ImageConfig empty() {
        ObjectNode n = JSON.createObjectNode();
        Platform host = Platform.host();
        n.put("architecture", host.architecture()).put("os", host.os()).putObject("config");
        return new ImageConfig(n);
    }

    /** A config as read from a file or a source image. */
    public static ImageConfig parse(byte[] body, String where) throws IOException {
        JsonNode n;
        try {
            n = JSON.readTree(body);
        } catch (IOException e) {
            throw new IOException(where + ": the image config is not JSON: " + e.getMessage());
        }
        if (n == null || !n.isObject()) throw new IOException(where + ": the image config is not a JSON object");
        ObjectNode o = (ObjectNode) n;
        if (!o.has("architecture")) o.put("architecture", Platform.host().architecture());
        if (!o.has("os")) o.put("os", "linux");
        if (!o.path("config").isObject()) o.putObject("config");
        return new ImageConfig(o);
    }

    private ObjectNode run() {
        return (ObjectNode) json.get("config");
    }

    public ImageConfig cmd(List<String> args) {
        run().set("Cmd", strings(args));
        return this;
    }

    public ImageConfig entrypoint(List<String> args) {
        run().set("Entrypoint", strings(args));
        return this;
    }

    public ImageConfig workingDir(String dir) {
        run().put("WorkingDir", dir);
        return this;
    }

    /** Sets {@code KEY=VALUE} variables: one already there with the same key is replaced in place. */
    public ImageConfig env(List<String> vars) {
        List<String> env = new ArrayList<>();
        run().path("Env").forEach(e -> env.add(e.asText()));
        for (String v : vars) {
            int eq = v.indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("--env '" + v + "' is not KEY=VALUE");
            String prefix = v.substring(0, eq + 1);
            int at = -1;
            for (int i = 0; i < env.size(); i++) if (env.get(i).startsWith(prefix)) at = i;
            if (at >= 0) env.set(at, v);
            else env.add(v);
        }
        run().set("Env", strings(env));
        return this;
    }

    /** The config's JSON with {@code rootfs.diff_ids} set; with {@code converted}, the bootstrap's history entry added. */
    public byte[] forLayers(List<String> diffIds, boolean converted) throws IOException {
        ObjectNode out = json.deepCopy();
        ObjectNode rootfs = out.putObject("rootfs");
        rootfs.put("type", "layers");
        rootfs.set("diff_ids", strings(diffIds));
        if (converted) {
            ArrayNode history =
                    out.path("history").isArray() ? (ArrayNode) out.get("history") : out.putArray("history");
            history.addObject().put("created_by", "Nydus Converter").put("comment", "Nydus Bootstrap Layer");
        }
        return JSON.writeValueAsBytes(out);
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode a = JSON.createArrayNode();
        values.forEach(a::add);
        return a;
    }
}
