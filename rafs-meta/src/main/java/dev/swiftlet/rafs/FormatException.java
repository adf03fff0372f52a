package dev.swiftlet.rafs;

import java.io.IOException;

/**
 * An image (bootstrap, blob or blob meta) does not follow the format. The message always names the
 * resource, the structure and the byte offset where the problem was found, so a user can point at it.
 */
public class FormatException extends IOException {
    private final String resource;
    private final long offset;

    public FormatException(String resource, long offset, String what) {
        super(resource + " @0x" + Long.toHexString(offset) + ": " + what);
        this.resource = resource;
        this.offset = offset;
    }

    public FormatException(String resource, long offset, String what, Throwable cause) {
        this(resource, offset, what);
        initCause(cause);
    }

    /** The file or blob the bad bytes came from. */
    public String resource() {
        return resource;
    }

    /** Byte offset of the offending structure inside {@link #resource()}, or -1 when unknown. */
    public long offset() {
        return offset;
    }
}
