package dev.swiftlet.rafs.codec;

import dev.swiftlet.rafs.Compression;
import dev.swiftlet.rafs.FormatException;
import java.nio.ByteBuffer;

/**
 * One chunk compressor. Implementations are stateless and thread-safe. Both methods consume
 * {@code src} from its position to its limit and write into {@code dst} from its position; positions
 * of both buffers are left unchanged, so callers can reuse their slices. Heap and direct buffers work.
 */
public interface Codec {
    Compression compression();

    /**
     * Decompresses all of {@code src} into {@code dst}, which must have exactly the expected
     * uncompressed size remaining (the chunk table records it). Fewer or more bytes than that, or
     * a corrupt stream, is a {@link FormatException} naming {@code resource}.
     */
    void decode(ByteBuffer src, ByteBuffer dst, String resource) throws FormatException;

    /**
     * Compresses {@code src} into {@code dst}. Returns the compressed length, or -1 when the result
     * would not fit in {@code dst.remaining()} (the builder then stores the chunk uncompressed).
     */
    int encode(ByteBuffer src, ByteBuffer dst);

    /** Largest output {@link #encode} can produce for {@code length} input bytes. */
    int maxEncodedLength(int length);
}
