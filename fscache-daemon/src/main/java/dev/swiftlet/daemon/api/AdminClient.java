package dev.swiftlet.daemon.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The CLI's side of the admin API: one HTTP/1.1 request per connection ({@code Connection: close}) over
 * the Unix socket, so the response ends at EOF. Plain JDK channels suffice for that; the JDK HttpClient
 * cannot use Unix sockets.
 */
public final class AdminClient {
    private static final int MAX_RESPONSE = 16 << 20;
    private final Path socket;

    public AdminClient(Path socket) {
        this.socket = socket;
    }

    public ApiResponse request(String method, String path, String jsonBody) throws IOException {
        byte[] body = jsonBody == null ? new byte[0] : jsonBody.getBytes(StandardCharsets.UTF_8);
        String head = method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                + (jsonBody == null ? "" : "Content-Type: application/json\r\n")
                + "Content-Length: " + body.length + "\r\n\r\n";
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ByteBuffer out = ByteBuffer.allocate(head.length() + body.length);
            out.put(head.getBytes(StandardCharsets.ISO_8859_1)).put(body).flip();
            while (out.hasRemaining()) ch.write(out);
            ByteArrayOutputStream in = new ByteArrayOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(8192);
            while (ch.read(buf) >= 0) {
                in.write(buf.array(), 0, buf.position());
                buf.clear();
                if (in.size() > MAX_RESPONSE)
                    throw new IOException(method + " " + path + " on " + socket + ": response too large");
            }
            return parse(in.toString(StandardCharsets.UTF_8), method + " " + path);
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(method + " ")) throw e;
            throw new IOException(
                    method + " " + path + " on " + socket + ": " + e.getMessage()
                            + " (is the daemon running? start it with 'swiftlet daemon')",
                    e);
        }
    }

    private IOException malformed(String what) {
        return new IOException(what + " on " + socket + ": malformed HTTP response");
    }

    private ApiResponse parse(String raw, String what) throws IOException {
        int headEnd = raw.indexOf("\r\n\r\n");
        if (!raw.startsWith("HTTP/1.1 ") || headEnd < 0 || raw.length() < 12) throw malformed(what);
        int status;
        try {
            status = Integer.parseInt(raw.substring(9, 12));
        } catch (NumberFormatException e) {
            throw malformed(what);
        }
        return new ApiResponse(status, raw.substring(headEnd + 4));
    }
}
