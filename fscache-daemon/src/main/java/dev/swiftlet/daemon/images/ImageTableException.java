package dev.swiftlet.daemon.images;

import java.io.IOException;

/** A registration or lookup the image table refuses; {@link #notFound()} distinguishes 404 from 400. */
public final class ImageTableException extends IOException {
    private final boolean notFound;

    private ImageTableException(String message, boolean notFound, Throwable cause) {
        super(message, cause);
        this.notFound = notFound;
    }

    public static ImageTableException invalid(String message) {
        return new ImageTableException(message, false, null);
    }

    public static ImageTableException invalid(String message, Throwable cause) {
        return new ImageTableException(message, false, cause);
    }

    /** Keeps nydusd's wording, which nydus-snapshotter matches on. */
    public static ImageTableException notFound(String key) {
        return new ImageTableException("blob_cache: cache entry not found: " + key, true, null);
    }

    public boolean notFound() {
        return notFound;
    }
}
