package dev.swiftlet.fetch.oci;

import java.util.regex.Pattern;

/**
 * {@code [host[:port]/]repo[:tag][@digest]}, as docker and skopeo write it. A first component with a dot, a
 * colon or equal to {@code localhost} is a registry host; otherwise the image is on Docker Hub
 * ({@code index.docker.io}, {@code library/} for single-component names), as the snapshotter rewrites it.
 *
 * @param reference the tag, or the digest when one is given
 */
public record ImageReference(String host, String repository, String reference) {
    public static final String DOCKER_HUB = "index.docker.io";
    private static final Pattern REPO =
            Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

    public static ImageReference parse(String text) {
        if (text == null || text.isBlank()) throw new IllegalArgumentException("image reference is empty");
        String rest = text.trim();
        String digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = rest.substring(at + 1);
            rest = rest.substring(0, at);
            if (!DIGEST.matcher(digest).matches())
                throw new IllegalArgumentException("'" + digest + "' is not a sha256 digest");
        }
        String host = DOCKER_HUB;
        int slash = rest.indexOf('/');
        if (slash > 0) {
            String first = rest.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                host = first;
                rest = rest.substring(slash + 1);
            }
        }
        String tag = "latest";
        int colon = rest.lastIndexOf(':');
        if (colon > 0) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
            if (!TAG.matcher(tag).matches()) throw new IllegalArgumentException("'" + tag + "' is not a valid tag");
        }
        if (host.equals(DOCKER_HUB) && !rest.contains("/")) rest = "library/" + rest;
        if (!REPO.matcher(rest).matches())
            throw new IllegalArgumentException("'" + rest + "' is not a valid repository name");
        return new ImageReference(host, rest, digest != null ? digest : tag);
    }

    /** Loopback registries speak plain HTTP by default, as docker treats them as insecure; others HTTPS. */
    public String defaultScheme() {
        String h = host.contains(":") && !host.startsWith("[") ? host.substring(0, host.lastIndexOf(':')) : host;
        return h.equals("localhost") || h.startsWith("127.") || h.equals("[::1]") ? "http" : "https";
    }

    @Override
    public String toString() {
        return host + "/" + repository + (reference.startsWith("sha256:") ? "@" : ":") + reference;
    }
}
