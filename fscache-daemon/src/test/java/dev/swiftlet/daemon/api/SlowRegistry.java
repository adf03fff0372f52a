package dev.swiftlet.daemon.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The blob endpoints of an OCI registry over a directory of blobs ({@code HEAD}/{@code GET
 * /v2/<repo>/blobs/sha256:<id>} with {@code Range}), deliberately slow so the daemon's READs stay pending: every
 * blob GET waits {@code delayMillis}, and while {@link #hold()} is on, GETs wait until {@link #release()}. Counts
 * what it served. For in-VM tests, where no registry binary runs.
 */
final class SlowRegistry implements AutoCloseable {
    private static final Pattern BLOB = Pattern.compile("/v2/(.+)/blobs/sha256:([0-9a-f]{64})");
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d+)");

    private final HttpServer server;
    private final Path blobs;
    private final String repo;
    volatile long delayMillis;
    private boolean held;
    /** GETs answered with data, and GETs waiting in {@link #hold()} right now. */
    final AtomicInteger gets = new AtomicInteger();

    final AtomicInteger waiting = new AtomicInteger();
    final AtomicLong bytes = new AtomicLong();

    SlowRegistry(Path blobs, String repo, long delayMillis) throws IOException {
        this.blobs = blobs;
        this.repo = repo;
        this.delayMillis = delayMillis;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    /** {@code host:port}, as the backend config's {@code host}. */
    String host() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    synchronized void hold() {
        held = true;
    }

    synchronized void release() {
        held = false;
        notifyAll();
    }

    private synchronized void passGate() throws InterruptedException {
        waiting.incrementAndGet();
        try {
            while (held) wait();
        } finally {
            waiting.decrementAndGet();
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            Matcher m = BLOB.matcher(ex.getRequestURI().getPath());
            Path file = m.matches() && m.group(1).equals(repo) ? blobs.resolve(m.group(2)) : null;
            if (file == null || !Files.isRegularFile(file)) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            long size = Files.size(file);
            if (ex.getRequestMethod().equals("HEAD")) {
                ex.getResponseHeaders().set("Content-Length", Long.toString(size));
                ex.sendResponseHeaders(200, -1);
                return;
            }
            Matcher r = RANGE.matcher(String.valueOf(ex.getRequestHeaders().getFirst("Range")));
            if (!ex.getRequestMethod().equals("GET") || !r.matches()) {
                ex.sendResponseHeaders(400, -1);
                return;
            }
            long from = Long.parseLong(r.group(1)), to = Math.min(Long.parseLong(r.group(2)), size - 1);
            passGate();
            Thread.sleep(delayMillis);
            ByteBuffer body = ByteBuffer.allocate((int) (to - from + 1));
            try (FileChannel ch = FileChannel.open(file)) {
                while (body.hasRemaining() && ch.read(body, from + body.position()) > 0) {
                    // until the range is read
                }
            }
            ex.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + to + "/" + size);
            ex.sendResponseHeaders(206, body.capacity());
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body.array());
            }
            gets.incrementAndGet();
            bytes.addAndGet(body.capacity());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        release();
        server.stop(0);
    }
}
