package dev.swiftlet.daemon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.swiftlet.daemon.api.AdminClient;
import dev.swiftlet.daemon.api.ApiResponse;
import dev.swiftlet.rafs.testing.Sha256;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * nydus-snapshotter's hard limits under fill load: it allows 2 s for {@code RUNNING} and 30 s for any API call. Twelve
 * readers wait on a registry behind the benchmarks' throttling proxy at 20 Mbit/s while the daemon has four fill
 * workers (the snapshotter's {@code --fscache-threads} default); meanwhile every {@code GET /api/v1/daemon} must answer
 * within 500 ms, and binding a second image must complete while the reads still wait. Every reader's bytes are checked.
 */
class ApiUnderFillLoadTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int READERS = 12;
    private static final int FILE_SIZE = 2 << 20;
    private static final Duration ANSWER_LIMIT = Duration.ofMillis(500);

    @Test
    void theApiAnswersInMillisecondsWhileEveryFillWorkerWaitsOnASlowRegistry() throws Exception {
        try (RegistryDaemon env = RegistryDaemon.start("api-load", 4, src -> {
                    Random r = new Random(31);
                    for (int i = 0; i < READERS; i++) {
                        byte[] b = new byte[FILE_SIZE];
                        r.nextBytes(b);
                        Files.write(src.resolve("f" + i), b);
                    }
                });
                ThrottlingProxy link = ThrottlingProxy.start(env.registry.host(), 20, env.dir.resolve("link.json"))) {
            Path mnt = env.mount("127.0.0.1:" + link.port, "mnt", "load1");
            AdminClient api = new AdminClient(env.dir.resolve("api.sock"));

            AtomicInteger reading = new AtomicInteger();
            List<CompletableFuture<String>> readers = new ArrayList<>();
            for (int i = 0; i < READERS; i++) {
                Path file = mnt.resolve("f" + i);
                CompletableFuture<String> f = new CompletableFuture<>();
                readers.add(f);
                Thread.ofPlatform().name("reader-" + i).start(() -> {
                    reading.incrementAndGet();
                    try {
                        f.complete(Sha256.hex(file));
                    } catch (Throwable e) {
                        f.completeExceptionally(e);
                    }
                });
            }
            awaitCondition(
                    "every fill worker busy with a kernel request",
                    () -> reading.get() == READERS
                            && env.daemon.metrics().requests.sum() >= 4);

            long slowest = 0;
            int answered = 0;
            while (answered < 50 && readers.stream().anyMatch(f -> !f.isDone())) {
                long start = System.nanoTime();
                ApiResponse r = api.request("GET", "/api/v1/daemon", null);
                long took = System.nanoTime() - start;
                assertThat(r.status()).isEqualTo(200);
                assertThat(JSON.readTree(r.body()).path("state").asText()).isEqualTo("RUNNING");
                slowest = Math.max(slowest, took);
                answered++;
            }
            System.out.printf(
                    "GET /api/v1/daemon under fill load: %d answers, slowest %.1f ms%n", answered, slowest / 1e6);
            assertThat(answered).as("answers while the readers waited").isGreaterThanOrEqualTo(10);
            assertThat(Duration.ofNanos(slowest))
                    .as("the slowest GET /api/v1/daemon")
                    .isLessThan(ANSWER_LIMIT);

            // a second image bound while the first one's reads still wait on the link
            String bind = secondEntry(api, link.port);
            long bindStart = System.nanoTime();
            ApiResponse bound = api.request("PUT", "/api/v2/blobs", bind);
            long bindTook = System.nanoTime() - bindStart;
            assertThat(bound.status()).as(bound.body()).isEqualTo(204);
            long waiting = readers.stream().filter(f -> !f.isDone()).count();
            System.out.printf("second bind took %.1f ms with %d readers still waiting%n", bindTook / 1e6, waiting);
            assertThat(waiting)
                    .as("readers still waiting when the second bind completed")
                    .isPositive();

            for (int i = 0; i < READERS; i++) {
                assertThat(readers.get(i).get(120, TimeUnit.SECONDS))
                        .as("f" + i)
                        .isEqualTo(Sha256.hex(env.src().resolve("f" + i)));
            }
            assertThat(env.daemon.metrics().failures.sum()).isZero();
        }
    }

    /** A blob cache entry for the first image's bootstrap under another id, with the registry behind the link. */
    private static String secondEntry(AdminClient api, int port) throws IOException {
        JsonNode images =
                JSON.readTree(api.request("GET", "/api/v2/blobs", null).body()).path("images");
        String bootstrap = images.get(0).path("bootstrap").asText();
        return """
                {"type":"bootstrap","id":"load2","domain_id":"load2",
                 "config":{"id":"load2","backend_type":"registry","backend_config":{"host":"127.0.0.1:%d","repo":"demo",
                   "scheme":"http","timeout":60,"connect_timeout":10,"retry_limit":2},
                   "cache_type":"fscache","metadata_path":"%s"}}""".formatted(port, bootstrap);
    }

    private static void awaitCondition(String what, java.util.function.BooleanSupplier done)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            TimeUnit.MILLISECONDS.sleep(10); // polls a counter that has no signal of its own
        }
    }

    /** {@code benchmarks/container-start/throttle-proxy.py}: one token bucket for every byte from the registry. */
    static final class ThrottlingProxy implements AutoCloseable {
        final int port;
        private final Process process;

        private ThrottlingProxy(int port, Process process) {
            this.port = port;
            this.process = process;
        }

        static ThrottlingProxy start(String upstream, int mbit, Path counts) throws Exception {
            Path repo = Path.of(System.getProperty("swiftlet.repo.root", ".."))
                    .toAbsolutePath()
                    .normalize();
            Path script = repo.resolve("benchmarks/container-start/throttle-proxy.py");
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            Process p = new ProcessBuilder(
                            "python3",
                            script.toString(),
                            Integer.toString(port),
                            upstream,
                            Integer.toString(mbit),
                            counts.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(counts.resolveSibling("link.log").toFile())
                    .start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (true) {
                try (Socket probe = new Socket()) {
                    probe.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                    return new ThrottlingProxy(port, p);
                } catch (IOException notYet) {
                    if (!p.isAlive() || System.nanoTime() > deadline) {
                        p.destroyForcibly();
                        throw new IOException("the throttling proxy did not start: "
                                + Files.readString(counts.resolveSibling("link.log")));
                    }
                    p.waitFor(50, TimeUnit.MILLISECONDS); // wakes early if the proxy exits
                }
            }
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
        }
    }
}
