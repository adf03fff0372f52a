package dev.swiftlet.rafs.codec;

import dev.swiftlet.rafs.Compression;
import dev.swiftlet.rafs.FormatException;
import java.nio.ByteBuffer;

/** Stored chunks: the bytes are the data. */
final class NoneCodec implements Codec {
    @Override
    public Compression compression() {
        return Compression.NONE;
    }

    @Override
    public void decode(ByteBuffer src, ByteBuffer dst, String resource) throws FormatException {
        if (src.remaining() != dst.remaining()) {
            throw new FormatException(
                    resource, -1, "stored chunk has " + src.remaining() + " bytes, expected " + dst.remaining());
        }
        dst.duplicate().put(src.duplicate());
    }

    @Override
    public int encode(ByteBuffer src, ByteBuffer dst) {
        if (src.remaining() > dst.remaining()) return -1;
        int n = src.remaining();
        dst.duplicate().put(src.duplicate());
        return n;
    }

    @Override
    public int maxEncodedLength(int length) {
        return length;
    }
}
