package dev.swiftlet.fetch.oci;

import dev.swiftlet.fetch.FetchException;
import dev.swiftlet.fetch.registry.RegistryBackend;

/**
 * Manifests of the repository a {@link RegistryBackend} reads blobs from, fetched over the same routes (mirrors,
 * proxy) and credentials: what {@code mount --image} needs before the first blob. The reference is checked before it
 * becomes part of a URL, and a manifest fetched by digest must have that digest.
 */
public final class RegistryManifests {
    /** A manifest is a few KiB; a registry that sends more is not to be trusted with the memory. */
    static final int MAX_MANIFEST = 4 << 20;

    private RegistryManifests() {}

    /** The manifest {@code reference} (a tag or {@code sha256:} digest), as sent for {@code accept}. */
    public static byte[] get(RegistryBackend registry, String reference, String accept) throws FetchException {
        if (!reference.matches("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|sha256:[0-9a-f]{64}")) {
            throw new FetchException(reference, -1, 0, registry.describe(), "not a tag or digest", false);
        }
        byte[] body = registry.document("manifests/" + reference, accept, reference, MAX_MANIFEST);
        if (reference.startsWith("sha256:")) {
            String got = Sha256.of(body);
            if (!got.equals(reference))
                throw new FetchException(reference, -1, 0, registry.describe(), "manifest digest is " + got, true);
        }
        return body;
    }
}
