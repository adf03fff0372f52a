package dev.swiftlet.fetch.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The distribution bearer-token flow in front of an anonymous registry: {@code /token} hands out short-lived tokens
 * to holders of the right basic credentials; every other request needs the current token, else it gets a 401 with a
 * {@code Bearer realm=…,service=…,scope=…} challenge; good requests (GET and HEAD, with their Range and Accept) are
 * passed to the registry.
 */
public final class TokenGate implements AutoCloseable {
    public final AtomicInteger tokensIssued = new AtomicInteger();
    private final HttpServer server;
    private final URI upstream;
    private final String credentials;
    private final long expiresIn;
    private volatile String token = "none";
    /** When set, the token endpoint answers this JSON (to good credentials) and the gate then accepts {@code rawToken}. */
    volatile String rawResponse;

    volatile String rawToken;
    private final HttpClient client =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    public TokenGate(URI upstream, String user, String password, long expiresInSeconds) throws IOException {
        this.upstream = upstream;
        this.credentials =
                "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.expiresIn = expiresInSeconds;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/token", this::token);
        server.createContext("/", this::gate);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void token(HttpExchange x) throws IOException {
        if (!credentials.equals(x.getRequestHeaders().getFirst("Authorization"))) {
            send(x, 401, "{\"errors\":[{\"code\":\"UNAUTHORIZED\"}]}".getBytes(StandardCharsets.UTF_8));
            return;
        }
        if (rawResponse != null) {
            tokensIssued.incrementAndGet();
            token = rawToken;
            send(x, 200, rawResponse.getBytes(StandardCharsets.UTF_8));
            return;
        }
        token = "t" + tokensIssued.incrementAndGet();
        send(
                x,
                200,
                ("{\"token\":\"" + token + "\",\"expires_in\":" + expiresIn + "}").getBytes(StandardCharsets.UTF_8));
    }

    private void gate(HttpExchange x) throws IOException {
        if (!("Bearer " + token).equals(x.getRequestHeaders().getFirst("Authorization"))) {
            x.getResponseHeaders()
                    .add(
                            "WWW-Authenticate",
                            "Bearer realm=\"http://127.0.0.1:" + port()
                                    + "/token\",service=\"swiftlet-test\",scope=\"repository:demo:pull\"");
            send(x, 401, new byte[0]);
            return;
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(
                        upstream.resolve(x.getRequestURI().toString()))
                .method(x.getRequestMethod(), HttpRequest.BodyPublishers.noBody());
        String range = x.getRequestHeaders().getFirst("Range");
        if (range != null) b.header("Range", range);
        String accept = x.getRequestHeaders().getFirst("Accept"); // a manifest's media types
        if (accept != null) b.header("Accept", accept);
        try {
            HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            r.headers()
                    .firstValue("Content-Range")
                    .ifPresent(v -> x.getResponseHeaders().add("Content-Range", v));
            r.headers()
                    .firstValue("Content-Type")
                    .ifPresent(v -> x.getResponseHeaders().add("Content-Type", v));
            if (x.getRequestMethod().equals("HEAD")) {
                x.getResponseHeaders()
                        .add(
                                "Content-Length",
                                r.headers().firstValue("Content-Length").orElse("0"));
                x.sendResponseHeaders(r.statusCode(), -1);
                x.close();
                return;
            }
            send(x, r.statusCode(), r.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            send(x, 500, new byte[0]);
        }
    }

    private static void send(HttpExchange x, int status, byte[] body) throws IOException {
        x.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
