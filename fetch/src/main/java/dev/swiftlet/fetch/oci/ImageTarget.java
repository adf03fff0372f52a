package dev.swiftlet.fetch.oci;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Where a converted image goes: a registry repository or an OCI image layout. Blobs first, the manifest last, so
 * the tag names an image only once everything it refers to is there.
 */
public interface ImageTarget extends AutoCloseable {
    /** Stores a blob from {@code file}; null when it is not local (it must then be in the target or mountable). */
    void putBlob(String digest, long size, Path file) throws IOException;

    /** Stores a small blob (a config). */
    void putBlob(String digest, byte[] content) throws IOException;

    /** Stores the manifest and points the target's tag at it. */
    void putManifest(String digest, String mediaType, byte[] manifest) throws IOException;

    String describe();

    @Override
    void close() throws IOException;
}
