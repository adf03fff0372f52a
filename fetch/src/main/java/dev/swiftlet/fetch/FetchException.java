package dev.swiftlet.fetch;

import java.io.IOException;

/**
 * Reading a blob range failed. The message names the blob, the range and the backend, e.g.
 * {@code fetch sha256:ab12… [0x400000,+0x100000) via registry(…): HTTP 503}. {@link #retryable()} says whether
 * another attempt may succeed (connection reset, timeout, 5xx, 429) or not (404, 401 after a fresh token,
 * a bad id); {@link #retryAfterNanos()} carries a server's {@code Retry-After}.
 */
public class FetchException extends IOException {
    private final String blobId;
    private final long offset;
    private final long length;
    private final boolean retryable;
    private final long retryAfterNanos;

    public FetchException(
            String blobId,
            long offset,
            long length,
            String via,
            String what,
            boolean retryable,
            long retryAfterNanos,
            Throwable cause) {
        super(describe(blobId, offset, length, via, what), cause);
        this.blobId = blobId;
        this.offset = offset;
        this.length = length;
        this.retryable = retryable;
        this.retryAfterNanos = retryAfterNanos;
    }

    public FetchException(
            String blobId, long offset, long length, String via, String what, boolean retryable, Throwable cause) {
        this(blobId, offset, length, via, what, retryable, -1, cause);
    }

    public FetchException(String blobId, long offset, long length, String via, String what, boolean retryable) {
        this(blobId, offset, length, via, what, retryable, -1, null);
    }

    static String describe(String blobId, long offset, long length, String via, String what) {
        StringBuilder sb = new StringBuilder("fetch ").append(blobId);
        if (offset >= 0) {
            sb.append(" [0x")
                    .append(Long.toHexString(offset))
                    .append(",+0x")
                    .append(Long.toHexString(length))
                    .append(')');
        }
        if (via != null) sb.append(" via ").append(via);
        return sb.append(": ").append(what).toString();
    }

    public String blobId() {
        return blobId;
    }

    /** Start of the failed range in the stored blob, or -1 when the failure is not about a range. */
    public long offset() {
        return offset;
    }

    public long length() {
        return length;
    }

    public boolean retryable() {
        return retryable;
    }

    /** How long the server asked us to wait before retrying, or -1 when it did not say. */
    public long retryAfterNanos() {
        return retryAfterNanos;
    }
}
