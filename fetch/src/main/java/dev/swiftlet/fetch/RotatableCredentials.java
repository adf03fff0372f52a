package dev.swiftlet.fetch;

/**
 * A backend whose credentials can be replaced while it serves: nydusd's {@code registry_auth}, which
 * nydus-snapshotter sends through {@code PUT /api/v1/config} when a pull secret changes. A backend offers it
 * through {@link Backend#credentials()}, so callers need not know which backend types have credentials.
 */
public interface RotatableCredentials {
    /** Uses {@code auth} (base64 of {@code user:password}) from the next request on; tokens of the old ones are dropped. */
    void replaceCredentials(String auth);
}
