package dev.swiftlet.daemon.api;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One keep-alive HTTP/1.1 connection to the admin socket, as nydus-snapshotter's Go client keeps them: several
 * requests in turn, responses framed by Content-Length, headers visible to the test.
 */
final class UnixHttpConnection implements AutoCloseable {
    record Response(int status, Map<String, String> headers, String body) {}

    private final SocketChannel ch;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    UnixHttpConnection(Path socket) throws IOException {
        ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        ch.connect(UnixDomainSocketAddress.of(socket));
    }

    SocketChannel channel() {
        return ch;
    }

    Response request(String method, String uri, byte[] body) throws IOException {
        sendRaw((method + " " + uri
                        + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: "
                        + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        sendRaw(body);
        return readResponse();
    }

    Response request(String method, String uri, String body) throws IOException {
        return request(method, uri, body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8));
    }

    void sendRaw(byte[] bytes) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) ch.write(b);
    }

    Response readResponse() throws IOException {
        String head;
        while ((head = headIfComplete()) == null) fill();
        String[] lines = head.split("\r\n");
        int status = Integer.parseInt(lines[0].substring(9, 12));
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int c = lines[i].indexOf(':');
            headers.put(
                    lines[i].substring(0, c).trim().toLowerCase(Locale.ROOT),
                    lines[i].substring(c + 1).trim());
        }
        int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
        while (pending.size() < length) fill();
        byte[] all = pending.toByteArray();
        pending.reset();
        pending.write(all, length, all.length - length);
        return new Response(status, headers, new String(all, 0, length, StandardCharsets.UTF_8));
    }

    /** The head (without the blank line), consumed from the buffer, or null until it has fully arrived. */
    private String headIfComplete() {
        String s = pending.toString(StandardCharsets.ISO_8859_1);
        int end = s.indexOf("\r\n\r\n");
        if (end < 0) return null;
        byte[] all = pending.toByteArray();
        pending.reset();
        pending.write(all, end + 4, all.length - end - 4);
        return s.substring(0, end);
    }

    private void fill() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8192);
        if (ch.read(b) < 0) throw new EOFException("the server closed the connection");
        pending.write(b.array(), 0, b.position());
    }

    /** True when the server has closed its side (a read sees EOF) within {@code millis}; data is kept. */
    boolean closedByServerWithin(long millis) throws IOException {
        ch.configureBlocking(false);
        try {
            long deadline = System.nanoTime() + millis * 1_000_000;
            while (System.nanoTime() < deadline) {
                ByteBuffer b = ByteBuffer.allocate(1024);
                int n = ch.read(b);
                if (n < 0) return true;
                pending.write(b.array(), 0, b.position());
                Thread.sleep(20);
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            ch.configureBlocking(true);
        }
    }

    @Override
    public void close() throws IOException {
        ch.close();
    }
}
