package dev.swiftlet.sys.cachefiles;

import static dev.swiftlet.sys.raw.Cachefiles.*;

import dev.swiftlet.sys.raw.cachefiles_msg;
import dev.swiftlet.sys.raw.cachefiles_open;
import dev.swiftlet.sys.raw.cachefiles_read;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

/**
 * One on-demand request from the kernel. A sealed type so that the front end's dispatch is an exhaustive
 * switch, as nydusd's {@code match hdr.opcode} is.
 */
public sealed interface CachefilesMessage {
    int msgId();

    int objectId();

    /** OPEN: answer with {@code copen msgId,size}; {@code anonFd} is already installed in this process. */
    record Open(int msgId, int objectId, String volumeKey, byte[] cookieKey, int anonFd, int flags)
            implements CachefilesMessage {
        /** The cookie key as text (EROFS uses the fsid or a device tag / device= name). */
        public String cookieKeyString() {
            int n = cookieKey.length;
            while (n > 0 && cookieKey[n - 1] == 0) n--;
            return new String(cookieKey, 0, n, StandardCharsets.UTF_8);
        }
    }

    /** READ: fill {@code [offset, offset+length)} through an anon fd of the object, then READ_COMPLETE. */
    record Read(int msgId, int objectId, long offset, long length) implements CachefilesMessage {}

    /** CLOSE: the cookie is withdrawn; close the object's anon fds. No reply. */
    record Close(int msgId, int objectId) implements CachefilesMessage {}

    /**
     * Parses one message of {@code length} bytes as read(2) returned it. Lengths are checked against the
     * header and each other: garbage gives an {@link IOException}, never an index error.
     */
    static CachefilesMessage parse(MemorySegment buf, long length) throws IOException {
        long hdr = cachefiles_msg.sizeof();
        if (length < hdr)
            throw new IOException("cachefiles message of " + length + " bytes is shorter than its header");
        int msgId = cachefiles_msg.msg_id(buf);
        int opcode = cachefiles_msg.opcode(buf);
        long len = Integer.toUnsignedLong(cachefiles_msg.len(buf));
        int objectId = cachefiles_msg.object_id(buf);
        if (len != length) {
            throw new IOException(
                    "cachefiles message " + msgId + ": header says " + len + " bytes, read returned " + length);
        }
        MemorySegment payload = buf.asSlice(hdr, length - hdr);
        if (opcode == CACHEFILES_OP_OPEN()) {
            if (payload.byteSize() < cachefiles_open.sizeof())
                throw new IOException("OPEN " + msgId + ": truncated payload");
            long vsize = Integer.toUnsignedLong(cachefiles_open.volume_key_size(payload));
            long csize = Integer.toUnsignedLong(cachefiles_open.cookie_key_size(payload));
            long keys = payload.byteSize() - cachefiles_open.sizeof();
            if (vsize + csize != keys) {
                throw new IOException(
                        "OPEN " + msgId + ": key sizes " + vsize + "+" + csize + " do not match payload " + keys);
            }
            MemorySegment data = payload.asSlice(cachefiles_open.data$offset(), keys);
            String volumeKey = new String(
                    data.asSlice(0, vsize).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
            int nul = volumeKey.indexOf('\0');
            if (nul >= 0) volumeKey = volumeKey.substring(0, nul);
            byte[] cookie = data.asSlice(vsize, csize).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
            return new Open(
                    msgId, objectId, volumeKey, cookie, cachefiles_open.fd(payload), cachefiles_open.flags(payload));
        } else if (opcode == CACHEFILES_OP_READ()) {
            if (payload.byteSize() != cachefiles_read.sizeof())
                throw new IOException("READ " + msgId + ": bad payload size " + payload.byteSize());
            long off = cachefiles_read.off(payload), n = cachefiles_read.len(payload);
            if (off < 0 || n < 0) throw new IOException("READ " + msgId + ": range out of bounds");
            return new Read(msgId, objectId, off, n);
        } else if (opcode == CACHEFILES_OP_CLOSE()) {
            return new Close(msgId, objectId);
        }
        throw new IOException("cachefiles message " + msgId + ": unknown opcode " + opcode);
    }
}
