package dev.swiftlet.fetch.oci;

import java.io.IOException;
import java.io.InputStream;

/**
 * Where an image to convert comes from: a registry repository or an OCI image layout. Indexes and manifests
 * are small and read whole; blobs (configs, layers) are streamed.
 */
public interface ImageSource extends AutoCloseable {
    /** The document the source's tag (or digest) names: an index or a manifest. */
    byte[] root() throws IOException;

    /** A manifest by digest (one an index names), checked against the digest. */
    byte[] manifest(String digest) throws IOException;

    /** A blob by digest, streamed from its start; the caller checks the digest as it reads. */
    InputStream blob(String digest) throws IOException;

    /** Names the source in messages. */
    String describe();

    @Override
    void close() throws IOException;
}
