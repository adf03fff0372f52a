package dev.swiftlet.fetch.registry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small HTTP/1.1 server between the backend and the registry that can misbehave on purpose. Requests in origin
 * form go to {@code upstream} (a mirror, or a faulty network path); requests in absolute form go to the URI they
 * name (a forward proxy, like dfdaemon). Every request is recorded with its headers. While {@code faultsLeft > 0},
 * each blob response suffers {@code fault}. One response per connection ({@code Connection: close}).
 */
public final class FaultProxy implements AutoCloseable {
    public enum Fault {
        NONE,
        DROP,
        RESET_MID_BODY,
        STATUS_500,
        STATUS_503,
        STATUS_429,
        PROXY_429,
        SLOW,
        TRUNCATE,
        WRONG_RANGE,
        HUGE_RANGE,
        CORRUPT,
        LONG_BODY,
        /** Not a fault: the first half of the body, then the rest once {@code restOfBody} is counted down. */
        PAUSE_MID_BODY
    }

    record Seen(String method, String target, Map<String, String> headers) {}

    final ConcurrentLinkedQueue<Seen> seen = new ConcurrentLinkedQueue<>();
    final AtomicInteger faultsLeft = new AtomicInteger();
    volatile Fault fault = Fault.NONE;
    volatile long slowMillis = 3000;
    /** What a PAUSE_MID_BODY answer waits for before its second half (at most 30 s). */
    volatile CountDownLatch restOfBody = new CountDownLatch(0);

    private final URI upstream;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private ServerSocket server;
    private volatile boolean closed;
    private Thread acceptor;
    /** Connections being handled: {@link #stop} waits for them, so {@link #seen} is final once it returns. */
    private final Set<Thread> handlers = ConcurrentHashMap.newKeySet();

    public final int port;

    public FaultProxy(URI upstream, int port) throws IOException {
        this.upstream = upstream;
        this.server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
        this.port = server.getLocalPort();
        acceptor = Thread.ofVirtual().start(this::acceptLoop);
    }

    /** Each request that reached it, in arrival order: method, request target (absolute when proxied) and headers. */
    public List<String> seenRequests() {
        return seen.stream()
                .map(x -> x.method() + " " + x.target() + " " + x.headers())
                .toList();
    }

    public void inject(Fault f, int times) {
        fault = f;
        faultsLeft.set(times);
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Goes down (connections refused) ... */
    void stop() throws IOException, InterruptedException {
        closed = true;
        server.close();
        // once the acceptor has ended no connection is added; once the accepted ones are handled, none is recorded
        acceptor.join();
        for (Thread t : handlers) t.join(Duration.ofSeconds(30));
    }

    /** ... and comes back on the same port. */
    void restart() throws IOException {
        server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
        closed = false;
        acceptor = Thread.ofVirtual().start(this::acceptLoop);
    }

    private void acceptLoop() {
        ServerSocket s = server;
        while (!closed) {
            try {
                Socket c = s.accept();
                Thread t = Thread.ofVirtual().unstarted(() -> {
                    try {
                        handle(c);
                    } finally {
                        handlers.remove(Thread.currentThread());
                    }
                });
                handlers.add(t);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void handle(Socket c) {
        try (c) {
            InputStream in = new java.io.BufferedInputStream(c.getInputStream());
            in.mark(1);
            if (in.read() == TLS_HANDSHAKE) {
                // a TLS client (https first, as with skip_verify): answered as docker-registry's Go server answers
                // bytes that are no HTTP request, so the client falls back to plain http at once instead of waiting
                respond(c.getOutputStream(), 400, "Bad Request", Map.of(), new byte[0]);
                return;
            }
            in.reset();
            String head = readHead(in);
            if (head == null) return;
            String[] lines = head.split("\r\n");
            String[] requestLine = lines[0].split(" ");
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0)
                    headers.put(
                            lines[i].substring(0, colon).trim(),
                            lines[i].substring(colon + 1).trim());
            }
            String method = requestLine[0], target = requestLine[1];
            seen.add(new Seen(method, target, headers));
            OutputStream out = c.getOutputStream();
            if (target.equals("/ping")) {
                respond(out, 200, "OK", Map.of(), new byte[0]);
                return;
            }
            URI to = target.startsWith("http") ? URI.create(target) : upstream.resolve(target);
            HttpRequest.Builder b = HttpRequest.newBuilder(to).method(method, HttpRequest.BodyPublishers.noBody());
            for (String h : List.of("Range", "Authorization", "Accept")) {
                if (headers.containsKey(h)) b.header(h, headers.get(h));
            }
            HttpResponse<byte[]> r;
            try {
                r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException staleConnection) {
                // a pooled connection the registry closed while idle: not a fault this proxy was told to inject
                r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            }
            Map<String, String> rh = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (String h :
                    List.of("Content-Range", "WWW-Authenticate", "Location", "Docker-Content-Digest", "Content-Type")) {
                r.headers().firstValue(h).ifPresent(v -> rh.put(h, v));
            }
            byte[] body = r.body();
            boolean blob = target.contains("/blobs/")
                    && (r.statusCode() == 200 || r.statusCode() == 206)
                    && method.equals("GET");
            Fault f = blob && faultsLeft.getAndDecrement() > 0 ? fault : Fault.NONE;
            switch (f) {
                case NONE ->
                    respond(
                            out,
                            r.statusCode(),
                            "X",
                            rh,
                            body,
                            method.equals("HEAD")
                                    ? r.headers()
                                            .firstValueAsLong("Content-Length")
                                            .orElse(0)
                                    : body.length);
                case DROP -> {}
                case RESET_MID_BODY -> {
                    c.setSoLinger(true, 0);
                    writeHead(out, r.statusCode(), rh, body.length);
                    out.write(body, 0, body.length / 2);
                    out.flush();
                }
                case STATUS_500 -> respond(out, 500, "Internal Server Error", Map.of(), new byte[0]);
                case STATUS_503 -> respond(out, 503, "Service Unavailable", Map.of(), new byte[0]);
                case STATUS_429 -> respond(out, 429, "Too Many Requests", Map.of("Retry-After", "1"), new byte[0]);
                case PROXY_429 ->
                    respond(out, 429, "Too Many Requests", Map.of("X-Dragonfly-Error-Type", "proxy"), new byte[0]);
                case SLOW -> {
                    Thread.sleep(slowMillis);
                    respond(out, r.statusCode(), "X", rh, body);
                }
                case PAUSE_MID_BODY -> {
                    writeHead(out, r.statusCode(), rh, body.length);
                    out.write(body, 0, body.length / 2);
                    out.flush();
                    restOfBody.await(30, TimeUnit.SECONDS);
                    out.write(body, body.length / 2, body.length - body.length / 2);
                    out.flush();
                }
                case TRUNCATE -> {
                    writeHead(out, r.statusCode(), rh, body.length);
                    out.write(body, 0, body.length - 1);
                    out.flush();
                }
                case WRONG_RANGE -> {
                    String cr = rh.getOrDefault("Content-Range", "bytes 0-0/0");
                    String[] p = cr.substring(6).split("[-/]");
                    rh.put(
                            "Content-Range",
                            "bytes " + (Long.parseLong(p[0]) + 1) + "-" + (Long.parseLong(p[1]) + 1) + "/" + p[2]);
                    respond(out, r.statusCode(), "X", rh, body);
                }
                case HUGE_RANGE -> {
                    // numbers past Long.MAX_VALUE: must be refused as a FetchException, not an unchecked parse error
                    rh.put("Content-Range", "bytes 99999999999999999999-99999999999999999999/99999999999999999999");
                    respond(out, r.statusCode(), "X", rh, body);
                }
                case CORRUPT -> {
                    body = body.clone();
                    body[body.length / 2] ^= 0x20;
                    respond(out, r.statusCode(), "X", rh, body);
                }
                case LONG_BODY -> {
                    byte[] longer = java.util.Arrays.copyOf(body, body.length + 7);
                    respond(out, r.statusCode(), "X", rh, longer);
                }
            }
        } catch (Exception e) {
            // the connection is gone; the client sees that. Said here, so an unplanned drop is told from an injected
            // one
            System.err.println("FaultProxy: connection closed unanswered: " + e);
        }
    }

    /** The first byte of a TLS record carrying a handshake (a ClientHello). */
    private static final int TLS_HANDSHAKE = 0x16;

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int ch = in.read();
            if (ch < 0) return null;
            b.write(ch);
            state = (ch == '\r' && (state == 0 || state == 2)) || (ch == '\n' && (state == 1 || state == 3))
                    ? state + 1
                    : 0;
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    private static void respond(OutputStream out, int status, String reason, Map<String, String> headers, byte[] body)
            throws IOException {
        respond(out, status, reason, headers, body, body.length);
    }

    private static void respond(
            OutputStream out, int status, String reason, Map<String, String> headers, byte[] body, long contentLength)
            throws IOException {
        writeHead(out, status, headers, contentLength);
        out.write(body);
        out.flush();
    }

    private static void writeHead(OutputStream out, int status, Map<String, String> headers, long contentLength)
            throws IOException {
        StringBuilder h = new StringBuilder("HTTP/1.1 ")
                .append(status)
                .append(' ')
                .append(status < 300 ? "OK" : "Error")
                .append("\r\n");
        headers.forEach((k, v) -> h.append(k).append(": ").append(v).append("\r\n"));
        h.append("Content-Length: ").append(contentLength).append("\r\nConnection: close\r\n\r\n");
        out.write(h.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
