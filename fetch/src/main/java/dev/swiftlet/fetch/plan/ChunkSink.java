package dev.swiftlet.fetch.plan;

import java.io.IOException;
import java.nio.ByteBuffer;

/** Receives each verified chunk of a fetch. */
@FunctionalInterface
public interface ChunkSink {
    /**
     * {@code data} holds the chunk's uncompressed bytes zero-padded to a multiple of 4096, in a page-aligned direct
     * buffer (O_DIRECT-ready), position 0, limit = padded size. Valid only during the call.
     */
    void accept(int chunk, ByteBuffer data) throws IOException;
}
