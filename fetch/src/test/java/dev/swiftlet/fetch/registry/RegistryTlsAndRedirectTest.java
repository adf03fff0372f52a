package dev.swiftlet.fetch.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.swiftlet.fetch.Backend;
import dev.swiftlet.fetch.FetchException;
import dev.swiftlet.fetch.FetchStats;
import dev.swiftlet.fetch.backend.Backends;
import dev.swiftlet.fetch.backend.FileBackend;
import dev.swiftlet.fetch.plan.RetryPolicy;
import dev.swiftlet.rafs.build.BuildResult;
import dev.swiftlet.rafs.image.RafsImage;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * https registries (certificates made by openssl at test time) with a CA bundle from {@code ca_cert_files} and with
 * {@code skip_verify}; and redirects to "object storage" that must never see the registry's credentials, with
 * {@code blob_redirected_host} / {@code blob_url_scheme} rewriting the target. A config without {@code scheme} (as
 * the snapshotter sends it) reaching a plain-HTTP registry: http with {@code skip_verify}, a clear error without it.
 * TLS is set up only for https.
 */
class RegistryTlsAndRedirectTest {
    static final RetryPolicy FAST = new RetryPolicy(3, Duration.ofMillis(20), Duration.ofMillis(200), 0.2);
    static Path work;
    static LocalRegistry trusted; // certificate for IP 127.0.0.1, signed by the test CA
    static LocalRegistry misnamed; // self-signed certificate for another host name
    static LocalRegistry plain; // http, anonymous: what the redirect gate sends storage requests to
    static BuildResult image;
    static RafsImage rafs;
    static Map<String, byte[]> truth;

    @BeforeAll
    static void start() throws Exception {
        work = Files.createTempDirectory(Path.of("/var/tmp"), "swiftlet-registry-tls");
        Path src = Files.createDirectories(work.resolve("src"));
        Random r = new Random(5);
        for (int i = 0; i < 3; i++) {
            byte[] b = new byte[(i + 1) * 700_000];
            if (i != 1) r.nextBytes(b);
            Files.write(src.resolve("f" + i), b);
        }
        Path certs = Files.createDirectories(work.resolve("certs"));
        openssl(
                certs,
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                "ca.key",
                "-out",
                "ca.pem",
                "-days",
                "2",
                "-subj",
                "/CN=swiftlet test CA");
        openssl(
                certs,
                "req",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                "ip.key",
                "-out",
                "ip.csr",
                "-subj",
                "/CN=127.0.0.1");
        Files.writeString(certs.resolve("ip.ext"), "subjectAltName=IP:127.0.0.1\n");
        openssl(
                certs,
                "x509",
                "-req",
                "-in",
                "ip.csr",
                "-CA",
                "ca.pem",
                "-CAkey",
                "ca.key",
                "-CAcreateserial",
                "-out",
                "ip.pem",
                "-days",
                "2",
                "-extfile",
                "ip.ext");
        openssl(
                certs,
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                "other.key",
                "-out",
                "other.pem",
                "-days",
                "2",
                "-subj",
                "/CN=elsewhere.example",
                "-addext",
                "subjectAltName=DNS:elsewhere.example");
        trusted = LocalRegistry.start(
                work.resolve("trusted"), null, null, certs.resolve("ip.pem"), certs.resolve("ip.key"));
        misnamed = LocalRegistry.start(
                work.resolve("misnamed"), null, null, certs.resolve("other.pem"), certs.resolve("other.key"));
        plain = LocalRegistry.start(work.resolve("plain"), null, null);
        image = trusted.push(src, work.resolve("push-trusted"), "demo");
        misnamed.push(src, work.resolve("push-misnamed"), "demo");
        plain.push(src, work.resolve("push-plain"), "demo");
        rafs = RafsImage.open(image.bootstrap());
        try (Backend local = new FileBackend(FileBackend.Config.of(work.resolve("push-trusted/img/blobs")))) {
            truth = fetchAll(local, new FetchStats(), new TreeMap<>());
        }
        assertThat(truth).isNotEmpty();
    }

    @AfterAll
    static void stop() throws Exception {
        for (LocalRegistry r : new LocalRegistry[] {trusted, misnamed, plain}) if (r != null) r.close();
        try (var s = Files.walk(work)) {
            s.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }

    static void openssl(Path dir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IllegalStateException("openssl " + String.join(" ", args) + " failed: " + out);
    }

    static RegistryConfig https(LocalRegistry r, boolean skipVerify, List<Path> cas) {
        return new RegistryConfig(
                "https",
                r.host(),
                "demo",
                null,
                null,
                skipVerify,
                cas,
                "",
                "",
                Duration.ofSeconds(3),
                Duration.ofSeconds(2),
                null,
                List.of());
    }

    static Map<String, byte[]> fetchAll(Backend backend, FetchStats stats, Map<String, byte[]> delivered)
            throws Exception {
        return ChunkReads.fetchAll(rafs, backend, FAST, stats, delivered);
    }

    static void assertAllCorrect(Map<String, byte[]> got) {
        assertThat(got.keySet()).isEqualTo(truth.keySet());
        got.forEach((k, v) -> assertThat(v).as("chunk %s", k).isEqualTo(truth.get(k)));
    }

    @Test
    void httpsWithTheCaBundleReadsEveryChunk() throws Exception {
        try (Backend b = new RegistryBackend(https(trusted, false, List.of(work.resolve("certs/ca.pem"))))) {
            assertThat(b.size(image.blobId()))
                    .isEqualTo(Files.size(work.resolve("push-trusted/img/blobs").resolve(image.blobId())));
            assertAllCorrect(fetchAll(b, new FetchStats(), new TreeMap<>()));
        }
    }

    @Test
    void httpsWithoutTheCaOrWithTheWrongNameIsRefused() throws Exception {
        try (Backend b = new RegistryBackend(https(trusted, false, List.of()))) {
            assertThatThrownBy(() -> b.read(image.blobId(), 0, ByteBuffer.allocate(64)))
                    .isInstanceOf(FetchException.class)
                    .hasMessageContaining("SSLHandshakeException");
        }
        // the CA does not vouch for this certificate, and its name is not 127.0.0.1
        try (Backend b = new RegistryBackend(
                https(misnamed, false, List.of(work.resolve("certs/ca.pem"), work.resolve("certs/other.pem"))))) {
            assertThatThrownBy(() -> b.read(image.blobId(), 0, ByteBuffer.allocate(64)))
                    .isInstanceOf(FetchException.class)
                    .hasMessageContaining("SSLHandshakeException")
                    .hasMessageContaining("127.0.0.1");
        }
    }

    @Test
    void skipVerifyAcceptsASelfSignedCertificateForAnotherName() throws Exception {
        try (Backend b = new RegistryBackend(https(misnamed, true, List.of()))) {
            assertAllCorrect(fetchAll(b, new FetchStats(), new TreeMap<>()));
            assertThat(b.describe())
                    .as("a registry that speaks TLS is never given up for http")
                    .startsWith("registry(https://");
        }
    }

    @Test
    void aMissingCaFileIsAClearConfigErrorAndOneThatDoesNotParseFailsTheFirstHttpsRead() throws Exception {
        assertThatThrownBy(() -> new RegistryBackend(https(trusted, false, List.of(work.resolve("certs/absent.pem")))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TLS set-up for " + trusted.host())
                .hasMessageContaining("absent.pem");
        // parsing waits for the first https request (TLS is set up lazily); it fails that request, never retried
        Path garbage = Files.writeString(work.resolve("certs/garbage.pem"), "not a certificate\n");
        try (Backend b = new RegistryBackend(https(trusted, false, List.of(garbage)))) {
            assertThatThrownBy(() -> b.read(image.blobId(), 0, ByteBuffer.allocate(64)))
                    .isInstanceOf(FetchException.class)
                    .hasMessageContaining("TLS set-up for " + trusted.host())
                    .matches(e -> !((FetchException) e).retryable());
        }
    }

    /** The registry backend config as nydus-snapshotter writes it: no {@code scheme}. */
    static RegistryConfig snapshotterShape(LocalRegistry r, boolean skipVerify) throws Exception {
        return (RegistryConfig)
                Backends.parseLegacy("registry", new ObjectMapper().readTree("""
                {"host":"%s","repo":"demo","skip_verify":%b,"timeout":3,"connect_timeout":2,
                 "proxy":{"url":"","fallback":false}}""".formatted(r.host(), skipVerify)));
    }

    @Test
    void withoutSchemeButWithSkipVerifyAPlainHttpRegistryIsReadOverHttpFromTheFirstRequestOn() throws Exception {
        RegistryConfig c = snapshotterShape(plain, true);
        assertThat(c.scheme()).isEqualTo("https");
        byte[] blob = Files.readAllBytes(work.resolve("push-plain/img/blobs").resolve(image.blobId()));
        assertThat(blob.length).isGreaterThan(200_000);
        try (RegistryBackend b = new RegistryBackend(c)) {
            assertThat(b.describe()).startsWith("registry(https://");
            ByteBuffer dst = ByteBuffer.allocate(100_000);
            b.read(image.blobId(), 12_345, dst); // tried over https, refused as not TLS, sent again over http
            assertThat(dst.array()).isEqualTo(Arrays.copyOfRange(blob, 12_345, 112_345));
            assertThat(b.describe()).startsWith("registry(http://");
            // it sticks: sizes and every chunk come over http at the first try
            assertThat(b.size(image.blobId())).isEqualTo(blob.length);
            FetchStats stats = new FetchStats();
            assertAllCorrect(fetchAll(b, stats, new TreeMap<>()));
            assertThat(stats.retries.sum()).isZero();
        }
    }

    @Test
    void withoutSchemeOrSkipVerifyAPlainHttpRegistryIsAClearTlsErrorAndNoFallback() throws Exception {
        try (RegistryBackend b = new RegistryBackend(snapshotterShape(plain, false))) {
            assertThatThrownBy(() -> b.read(image.blobId(), 0, ByteBuffer.allocate(64)))
                    .isInstanceOf(FetchException.class)
                    .hasMessageContaining("registry(https://" + plain.host())
                    .hasMessageContaining("SSLException")
                    .hasMessageContaining("set \"scheme\": \"http\"");
            assertThatThrownBy(() -> b.size(image.blobId()))
                    .isInstanceOf(FetchException.class)
                    .hasMessageContaining("SSLException");
            assertThat(b.describe()).startsWith("registry(https://");
        }
    }

    @Test
    void tlsIsSetUpOnlyWhenTheFirstHttpsUrlIsSent() throws Exception {
        RegistryConfig http = new RegistryConfig(
                "http",
                plain.host(),
                "demo",
                null,
                null,
                false,
                List.of(work.resolve("certs/ca.pem")),
                "",
                "",
                Duration.ofSeconds(3),
                Duration.ofSeconds(2),
                null,
                List.of());
        try (RegistryBackend b = new RegistryBackend(http)) {
            assertAllCorrect(fetchAll(b, new FetchStats(), new TreeMap<>()));
            assertThat(b.size(image.blobId())).isPositive();
            assertThat(b.tlsBuilt())
                    .as("an http-only backend never reads its CA files")
                    .isFalse();
        }
        try (RegistryBackend b = new RegistryBackend(https(trusted, false, List.of(work.resolve("certs/ca.pem"))))) {
            assertThat(b.tlsBuilt()).isFalse();
            b.read(image.blobId(), 0, ByteBuffer.allocate(64));
            assertThat(b.tlsBuilt()).isTrue();
        }
    }

    @Test
    void redirectsReachStorageWithoutTheRegistryCredentials() throws Exception {
        String auth = Base64.getEncoder().encodeToString("swiftlet:s3cret".getBytes(StandardCharsets.UTF_8));
        try (RedirectGate gate = new RedirectGate(URI.create("http://" + plain.host()), "Basic " + auth, null)) {
            RegistryConfig c = new RegistryConfig(
                    "http",
                    gate.host(),
                    "demo",
                    auth,
                    null,
                    false,
                    List.of(),
                    "",
                    "",
                    Duration.ofSeconds(3),
                    Duration.ofSeconds(2),
                    null,
                    List.of());
            int blobs = rafs.blobs().size();
            try (Backend b = new RegistryBackend(c)) {
                assertAllCorrect(fetchAll(b, new FetchStats(), new TreeMap<>()));
                assertThat(gate.storage.size()).as("several ranges per blob").isGreaterThan(blobs);
                assertThat(gate.redirected)
                        .as("the redirect is remembered per blob")
                        .isEqualTo(blobs);
                // the signed URLs expire: storage refuses them, the registry is asked again, no attempt is lost
                gate.signature = "def";
                FetchStats stats = new FetchStats();
                assertAllCorrect(fetchAll(b, stats, new TreeMap<>()));
                assertThat(stats.retries.sum()).isZero();
                assertThat(gate.redirected).isEqualTo(2 * blobs);
            }
            assertThat(gate.storage).allSatisfy(h -> {
                assertThat(h).doesNotContainKey("Authorization");
                assertThat(h).containsKey("Range");
            });
        }
    }

    @Test
    void blobRedirectedHostAndSchemeRewriteTheStorageTarget() throws Exception {
        // the registry names a storage host nobody can reach; the config points it at the real one
        try (RedirectGate gate =
                new RedirectGate(URI.create("http://" + plain.host()), null, "https://storage.invalid:1")) {
            RegistryConfig c = new RegistryConfig(
                    "http",
                    gate.host(),
                    "demo",
                    null,
                    null,
                    false,
                    List.of(),
                    "http",
                    gate.host(),
                    Duration.ofSeconds(3),
                    Duration.ofSeconds(2),
                    null,
                    List.of());
            try (Backend b = new RegistryBackend(c)) {
                assertAllCorrect(fetchAll(b, new FetchStats(), new TreeMap<>()));
            }
            assertThat(gate.storage).isNotEmpty();
            RegistryConfig unrewritten = new RegistryConfig(
                    "http",
                    gate.host(),
                    "demo",
                    null,
                    null,
                    false,
                    List.of(),
                    "",
                    "",
                    Duration.ofSeconds(3),
                    Duration.ofSeconds(2),
                    null,
                    List.of());
            try (Backend b = new RegistryBackend(unrewritten)) {
                assertThatThrownBy(() -> b.read(image.blobId(), 0, ByteBuffer.allocate(64)))
                        .isInstanceOf(FetchException.class);
            }
        }
    }

    /**
     * A registry front that demands {@code requiredAuth} (when set) on {@code /v2/} and answers every blob request with
     * a 307 to {@code /storage/…?X-Amz-Signature=…} (on {@code storageBase} when set, else on itself), as registries
     * backed by S3 do. {@code /storage/} records the request headers and serves the range from the real registry.
     */
    static final class RedirectGate implements AutoCloseable {
        final ConcurrentLinkedQueue<Map<String, String>> storage = new ConcurrentLinkedQueue<>();
        volatile int redirected;
        /** Storage accepts only URLs signed with the current value. */
        volatile String signature = "abc";

        private final HttpServer server;
        private final URI upstream;
        private final String requiredAuth;
        private final String storageBase;
        private final HttpClient client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();

        RedirectGate(URI upstream, String requiredAuth, String storageBase) throws IOException {
            this.upstream = upstream;
            this.requiredAuth = requiredAuth;
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            this.storageBase = storageBase != null ? storageBase : "http://" + host();
            server.createContext("/v2/", this::registry);
            server.createContext("/storage/", this::storage);
            server.start();
        }

        String host() {
            return "127.0.0.1:" + server.getAddress().getPort();
        }

        private void registry(HttpExchange x) throws IOException {
            if (requiredAuth != null
                    && !requiredAuth.equals(x.getRequestHeaders().getFirst("Authorization"))) {
                x.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"swiftlet-test\"");
                x.sendResponseHeaders(401, -1);
                x.close();
                return;
            }
            String path = x.getRequestURI().getRawPath();
            if (path.contains("/blobs/")) {
                synchronized (this) {
                    redirected++;
                }
                x.getResponseHeaders()
                        .add("Location", storageBase + "/storage" + path + "?X-Amz-Signature=" + signature);
                x.sendResponseHeaders(307, -1);
                x.close();
                return;
            }
            forward(x, upstream.resolve(x.getRequestURI().toString()));
        }

        private void storage(HttpExchange x) throws IOException {
            Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            x.getRequestHeaders().forEach((k, v) -> h.put(k, v.getFirst()));
            if (signature.equals(x.getRequestURI().getQuery().replace("X-Amz-Signature=", ""))) {
                if (x.getRequestMethod().equals("GET")) storage.add(h);
                forward(x, upstream.resolve(x.getRequestURI().getRawPath().substring("/storage".length())));
            } else {
                x.sendResponseHeaders(403, -1);
                x.close();
            }
        }

        private void forward(HttpExchange x, URI to) throws IOException {
            HttpRequest.Builder b =
                    HttpRequest.newBuilder(to).method(x.getRequestMethod(), HttpRequest.BodyPublishers.noBody());
            String range = x.getRequestHeaders().getFirst("Range");
            if (range != null) b.header("Range", range);
            try {
                HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
                r.headers()
                        .firstValue("Content-Range")
                        .ifPresent(v -> x.getResponseHeaders().add("Content-Range", v));
                if (x.getRequestMethod().equals("HEAD")) {
                    x.getResponseHeaders()
                            .add(
                                    "Content-Length",
                                    r.headers().firstValue("Content-Length").orElse("0"));
                    x.sendResponseHeaders(r.statusCode(), -1);
                    x.close();
                    return;
                }
                byte[] body = r.body();
                x.sendResponseHeaders(r.statusCode(), body.length == 0 ? -1 : body.length);
                try (OutputStream out = x.getResponseBody()) {
                    out.write(body);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                x.sendResponseHeaders(500, -1);
                x.close();
            }
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
