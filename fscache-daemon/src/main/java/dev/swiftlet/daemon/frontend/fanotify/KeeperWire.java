package dev.swiftlet.daemon.frontend.fanotify;

import dev.swiftlet.sys.Fd;
import dev.swiftlet.sys.unix.FdPassing;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The keeper's wire format over an AF_UNIX stream socket: a message is a 4-byte big-endian length and that many
 * bytes of UTF-8 text ({@code VERB argument}); at most one descriptor rides with it (SCM_RIGHTS). Both sides work
 * in lockstep (every message is answered before the next is sent), so a receive never sees two messages.
 *
 * <p>Verbs, daemon to keeper: {@code HELLO <pid>} (answer: {@code NEW}, or {@code GROUP} with the group fd
 * followed by {@code BLOB <path>} with each kept cache-file fd, {@code STATE <json>} and {@code END}, each acked with
 * {@code OK}); {@code KEEP} with the new group fd; {@code BLOB <path>} with an fd opened before the file's mark;
 * {@code STATE <json>} (the registered images). Keeper answers: {@code OK} or {@code ERR <why>}.
 */
final class KeeperWire {
    /** Image state documents are small; anything larger is a protocol error, not a reason to allocate. */
    static final int MAX_MESSAGE = 4 << 20;

    /** A received message; {@code fd} is null when none came with it. */
    record Message(String verb, String argument, Fd fd) {
        boolean is(String v) {
            return verb.equals(v);
        }
    }

    private KeeperWire() {}

    static void send(Fd socket, String verb, String argument, Fd attach) throws IOException {
        byte[] text = (argument == null ? verb : verb + " " + argument).getBytes(StandardCharsets.UTF_8);
        if (text.length > MAX_MESSAGE)
            throw new IOException("keeper message " + verb + " of " + text.length + " bytes is too large");
        byte[] framed = ByteBuffer.allocate(4 + text.length)
                .putInt(text.length)
                .put(text)
                .array();
        if (attach == null) FdPassing.send(socket, framed);
        else FdPassing.send(socket, framed, attach);
    }

    static Message receive(Fd socket) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        Fd fd = null;
        long want = 4;
        try {
            while (buf.size() < want) {
                FdPassing.Received r = FdPassing.receive(socket, 64 * 1024, 4);
                for (Fd f : r.fds()) {
                    if (fd == null) fd = f;
                    else f.closeQuietly(); // more than one descriptor is not part of the protocol
                }
                if (r.data().length == 0) throw new EOFException("keeper socket closed by the peer");
                buf.write(r.data());
                if (want == 4 && buf.size() >= 4) {
                    int len = ByteBuffer.wrap(buf.toByteArray(), 0, 4).getInt();
                    if (len < 0 || len > MAX_MESSAGE)
                        throw new IOException("keeper message length " + len + " out of range");
                    want = 4L + len;
                }
            }
            if (buf.size() != want)
                throw new IOException(
                        "keeper peer sent " + (buf.size() - want) + " bytes beyond a message (not lockstep)");
        } catch (IOException | RuntimeException e) {
            if (fd != null) fd.closeQuietly();
            throw e;
        }
        String text = new String(buf.toByteArray(), 4, (int) want - 4, StandardCharsets.UTF_8);
        int sp = text.indexOf(' ');
        return sp < 0 ? new Message(text, "", fd) : new Message(text.substring(0, sp), text.substring(sp + 1), fd);
    }

    /** Receives the peer's answer to a request; anything but {@code OK} is an error naming the request. */
    static void expectOk(Fd socket, String request) throws IOException {
        Message m = receive(socket);
        if (m.fd() != null) m.fd().closeQuietly();
        if (!m.is("OK")) throw new IOException("keeper refused " + request + ": " + m.verb() + " " + m.argument());
    }
}
