package dev.swiftlet.fetch.registry;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the {@code registry} backend object of nydusd's configs (legacy {@code backend_config} and config_v2's
 * {@code backend.registry}, the same fields) into a {@link RegistryConfig}. Unknown fields are ignored, as nydusd
 * ignores them; a known field of the wrong type is an {@link IllegalArgumentException} naming it.
 */
public final class RegistryConfigs {
    private RegistryConfigs() {}

    public static RegistryConfig parse(JsonNode c, String where) {
        String scheme = text(c, "scheme", where, "https");
        String host = text(c, "host", where, null);
        String repo = text(c, "repo", where, null);
        if (host == null) throw new IllegalArgumentException(where + ".host is missing");
        if (repo == null) throw new IllegalArgumentException(where + ".repo is missing");
        List<Path> cas = new ArrayList<>();
        JsonNode ca = c.path("ca_cert_files");
        if (!ca.isMissingNode() && !ca.isNull()) {
            if (!ca.isArray()) throw new IllegalArgumentException(where + ".ca_cert_files must be an array of paths");
            int i = 0;
            for (JsonNode f : ca) {
                if (!f.isTextual() || !f.asText().startsWith("/")) {
                    throw new IllegalArgumentException(where + ".ca_cert_files[" + i + "] must be an absolute path");
                }
                cas.add(Path.of(f.asText()));
                i++;
            }
        }
        RegistryConfig.Proxy proxy = null;
        JsonNode p = c.path("proxy");
        if (!p.isMissingNode() && !p.isNull() && !p.isObject())
            throw new IllegalArgumentException(where + ".proxy must be an object");
        if (p.isObject() && !text(p, "url", where + ".proxy", "").isEmpty()) {
            proxy = new RegistryConfig.Proxy(
                    uri(p, "url", where + ".proxy"),
                    optionalUri(p, "ping_url", where + ".proxy"),
                    bool(p, "fallback", where + ".proxy", true),
                    seconds(p, "check_interval", where + ".proxy"),
                    bool(p, "use_http", where + ".proxy", false));
        }
        List<RegistryConfig.Mirror> mirrors = new ArrayList<>();
        JsonNode ms = c.path("mirrors");
        if (!ms.isMissingNode() && !ms.isNull()) {
            if (!ms.isArray()) throw new IllegalArgumentException(where + ".mirrors must be an array");
            int i = 0;
            for (JsonNode m : ms) {
                String w = where + ".mirrors[" + i++ + "]";
                if (!m.isObject()) throw new IllegalArgumentException(w + " must be an object");
                Map<String, String> headers = new LinkedHashMap<>();
                JsonNode hs = m.path("headers");
                if (!hs.isMissingNode() && !hs.isNull() && !hs.isObject()) {
                    throw new IllegalArgumentException(w + ".headers must be an object of header names to strings");
                }
                for (var e : hs.properties()) {
                    if (!e.getValue().isTextual())
                        throw new IllegalArgumentException(w + ".headers." + e.getKey() + " must be a string");
                    headers.put(e.getKey(), e.getValue().asText());
                }
                try {
                    mirrors.add(new RegistryConfig.Mirror(
                            uri(m, "host", w),
                            headers,
                            optionalUri(m, "ping_url", w),
                            seconds(m, "health_check_interval", w),
                            (int) number(m, "failure_limit", w)));
                } catch (IllegalArgumentException e) {
                    throw e.getMessage().startsWith(where)
                            ? e
                            : new IllegalArgumentException(w + ": " + e.getMessage(), e);
                }
            }
        }
        return new RegistryConfig(
                scheme,
                host,
                repo,
                text(c, "auth", where, null),
                text(c, "registry_token", where, null),
                bool(c, "skip_verify", where, false),
                cas,
                text(c, "blob_url_scheme", where, ""),
                text(c, "blob_redirected_host", where, ""),
                seconds(c, "timeout", where),
                seconds(c, "connect_timeout", where),
                proxy,
                mirrors,
                retryLimit(c, where));
    }

    /** {@code retry_limit}, or null when absent (nydus-snapshotter leaves out a 0: its field is {@code omitempty}). */
    private static Integer retryLimit(JsonNode c, String where) {
        JsonNode v = c.path("retry_limit");
        if (v.isMissingNode() || v.isNull()) return null;
        if (!v.isIntegralNumber()
                || !v.canConvertToInt()
                || v.asInt() < 0
                || v.asInt() > RegistryConfig.MAX_RETRY_LIMIT) {
            throw new IllegalArgumentException(
                    where + ".retry_limit must be a number within 0.." + RegistryConfig.MAX_RETRY_LIMIT);
        }
        return v.asInt();
    }

    private static String text(JsonNode c, String field, String where, String dflt) {
        JsonNode v = c.path(field);
        if (v.isMissingNode() || v.isNull()) return dflt;
        if (!v.isTextual()) throw new IllegalArgumentException(where + "." + field + " must be a string");
        return v.asText().isEmpty() && dflt != null ? dflt : v.asText();
    }

    private static boolean bool(JsonNode c, String field, String where, boolean dflt) {
        JsonNode v = c.path(field);
        if (v.isMissingNode() || v.isNull()) return dflt;
        if (!v.isBoolean()) throw new IllegalArgumentException(where + "." + field + " must be true or false");
        return v.asBoolean();
    }

    private static long number(JsonNode c, String field, String where) {
        JsonNode v = c.path(field);
        if (v.isMissingNode() || v.isNull()) return 0;
        if (!v.canConvertToLong() || v.asLong() < 0)
            throw new IllegalArgumentException(where + "." + field + " must be a non-negative number");
        return v.asLong();
    }

    private static Duration seconds(JsonNode c, String field, String where) {
        long s = number(c, field, where);
        return s == 0 ? null : Duration.ofSeconds(s);
    }

    private static URI uri(JsonNode c, String field, String where) {
        URI u = optionalUri(c, field, where);
        if (u == null) throw new IllegalArgumentException(where + "." + field + " is missing");
        return u;
    }

    private static URI optionalUri(JsonNode c, String field, String where) {
        String s = text(c, field, where, "");
        if (s.isEmpty()) return null;
        try {
            URI u = URI.create(s);
            if (u.getScheme() == null || u.getHost() == null) throw new IllegalArgumentException("no scheme or host");
            return u;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + "." + field + " is not a URL: " + s);
        }
    }
}
