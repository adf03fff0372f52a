package dev.swiftlet.daemon.frontend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.swiftlet.daemon.cache.AccessEpoch;
import dev.swiftlet.daemon.cache.FileBlobCache;
import dev.swiftlet.daemon.cache.PrefetchPolicy;
import dev.swiftlet.daemon.images.BlobEntry;
import dev.swiftlet.daemon.images.ImageSpec;
import dev.swiftlet.daemon.images.ImageTable;
import dev.swiftlet.daemon.metrics.DaemonMetrics;
import dev.swiftlet.fetch.backend.Backends;
import dev.swiftlet.rafs.Compression;
import dev.swiftlet.rafs.DigestAlgorithm;
import dev.swiftlet.rafs.build.BuildOptions;
import dev.swiftlet.rafs.build.BuildResult;
import dev.swiftlet.rafs.build.ImageBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The blob caches both front ends build honour what the user set in the blob's backend config: {@code retry_limit}
 * reaches the fetch (counted as blob requests to a loopback registry that answers every one with 503), and without
 * it the default of 3 retries applies.
 */
class BlobCachesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private HttpServer registry;
    private final AtomicInteger blobReads = new AtomicInteger();
    private final ImageTable images = new ImageTable();
    private BuildResult built;

    /** A registry that names the blob's size (registration asks) and answers every read of it with 503. */
    @BeforeEach
    void startFailingRegistry() throws IOException {
        Path src = Files.createDirectories(dir.resolve("src"));
        Files.write(src.resolve("data"), new byte[64 << 10]);
        built = new ImageBuilder(new BuildOptions(Compression.ZSTD, DigestAlgorithm.SHA256, 64 << 10, null))
                .build(src, dir.resolve("out"), null);
        long blobSize = Files.size(dir.resolve("out/blobs").resolve(built.blobId()));
        registry = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        registry.createContext("/", exchange -> {
            boolean blob = exchange.getRequestURI().getPath().endsWith("/blobs/sha256:" + built.blobId());
            if (blob && exchange.getRequestMethod().equals("HEAD")) {
                exchange.getResponseHeaders().set("Content-Length", Long.toString(blobSize));
                exchange.sendResponseHeaders(200, -1);
            } else {
                if (blob) blobReads.incrementAndGet();
                exchange.sendResponseHeaders(503, -1);
            }
            exchange.close();
        });
        registry.start();
    }

    @AfterEach
    void stop() {
        images.close();
        registry.stop(0);
    }

    @ParameterizedTest
    @CsvSource({"0, 1", "2, 3", "'', 4"})
    void theBackendsRetryLimitReachesTheFetch(String retryLimit, int requests) throws Exception {
        var backend = Backends.parseLegacy("registry", JSON.readTree("""
                {"host":"127.0.0.1:%d","repo":"demo","scheme":"http","timeout":5%s}""".formatted(
                registry.getAddress().getPort(), retryLimit.isEmpty() ? "" : ",\"retry_limit\":" + retryLimit)));
        BlobEntry blob = images.register(
                        new ImageSpec("img", "", built.bootstrap(), backend, List.of(), PrefetchPolicy.OFF))
                .blobs()
                .getFirst();

        FileBlobCache cache = new BlobCaches(new DaemonMetrics(), new AccessEpoch()).open(blob, null);
        assertThatThrownBy(() -> cache.fill(0, 4096, (offset, data) -> {}))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("503");
        assertThat(blobReads).hasValue(requests);
    }
}
