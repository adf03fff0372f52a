package dev.swiftlet.daemon.registry;

import java.io.IOException;

/** A registration or lookup the registry refuses; {@link #notFound()} distinguishes 404 from 400. */
public final class RegistryException extends IOException {
    private final boolean notFound;

    private RegistryException(String message, boolean notFound, Throwable cause) {
        super(message, cause);
        this.notFound = notFound;
    }

    public static RegistryException invalid(String message) {
        return new RegistryException(message, false, null);
    }

    public static RegistryException invalid(String message, Throwable cause) {
        return new RegistryException(message, false, cause);
    }

    /** Keeps nydusd's wording, which nydus-snapshotter matches on. */
    public static RegistryException notFound(String key) {
        return new RegistryException("blob_cache: cache entry not found: " + key, true, null);
    }

    public boolean notFound() {
        return notFound;
    }
}
