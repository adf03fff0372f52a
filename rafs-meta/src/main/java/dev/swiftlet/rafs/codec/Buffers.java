package dev.swiftlet.rafs.codec;

import java.nio.ByteBuffer;

/** Heap-array access for codecs whose libraries want arrays. */
final class Buffers {
    private Buffers() {}

    /** The backing array when there is one (callers add arrayOffset+position), else a copy of the remaining bytes. */
    static byte[] array(ByteBuffer b) {
        if (b.hasArray()) return b.array();
        byte[] copy = new byte[b.remaining()];
        b.duplicate().get(copy);
        return copy;
    }
}
