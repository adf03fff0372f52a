package dev.swiftlet.fetch.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.swiftlet.fetch.Backend;
import dev.swiftlet.fetch.BackendSpec;
import dev.swiftlet.fetch.FetchException;
import dev.swiftlet.fetch.FetchStats;
import dev.swiftlet.fetch.RotatableCredentials;
import dev.swiftlet.fetch.backend.Backends;
import dev.swiftlet.fetch.backend.FileBackend;
import dev.swiftlet.fetch.oci.MediaTypes;
import dev.swiftlet.fetch.oci.RegistryManifests;
import dev.swiftlet.fetch.plan.RetryPolicy;
import dev.swiftlet.fetch.testing.SteppedSleeper;
import dev.swiftlet.rafs.build.BuildResult;
import dev.swiftlet.rafs.image.RafsImage;
import dev.swiftlet.rafs.testing.TestClock;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The registry backend against Debian's docker-registry on loopback, with images pushed by skopeo: every chunk read
 * through it equals the same chunk read from the local blob file — anonymous, with basic auth, with a bearer token
 * flow — and through a proxy that misbehaves in every way the issue lists, reads either succeed after retries with
 * correct bytes or fail: never a wrong byte. Plus the Dragonfly proxy (with fallback and return) and mirrors.
 */
class RegistryBackendTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final RetryPolicy FAST = new RetryPolicy(4, Duration.ofMillis(20), Duration.ofMillis(300), 0.2);
    static Path work;
    static LocalRegistry anonymous;
    static LocalRegistry secured;
    static BuildResult image;
    static RafsImage rafs;

    @BeforeAll
    static void startRegistries() throws Exception {
        work = Files.createTempDirectory(Path.of("/var/tmp"), "swiftlet-registry-test");
        Path src = Files.createDirectories(work.resolve("src"));
        Random r = new Random(11);
        for (int i = 0; i < 6; i++) {
            byte[] b = new byte[i == 0 ? 3 << 20 : 150_000 + i * 10_000];
            if (i % 2 == 0) r.nextBytes(b);
            else for (int k = 0; k < b.length; k++) b[k] = (byte) ('a' + k % 17);
            Files.write(src.resolve("f" + i), b);
        }
        anonymous = LocalRegistry.start(work.resolve("anon"), null, null);
        secured = LocalRegistry.start(work.resolve("secured"), "swiftlet", "s3cret");
        image = anonymous.push(src, work.resolve("push-anon"), "demo");
        secured.push(src, work.resolve("push-secured"), "demo");
        rafs = RafsImage.open(image.bootstrap());
    }

    @AfterAll
    static void stop() throws Exception {
        if (anonymous != null) anonymous.close();
        if (secured != null) secured.close();
        try (var s = Files.walk(work)) {
            s.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }

    static RegistryConfig config(
            String host,
            String auth,
            Duration timeout,
            RegistryConfig.Proxy proxy,
            List<RegistryConfig.Mirror> mirrors) {
        return new RegistryConfig(
                "http",
                host,
                "demo",
                auth,
                null,
                false,
                List.of(),
                "",
                "",
                timeout,
                Duration.ofSeconds(2),
                proxy,
                mirrors);
    }

    /** Fetches every chunk of every blob; returns them by "blob/chunk", and the stats. Throws what the fetch threw. */
    static Map<String, byte[]> fetchAll(Backend backend, FetchStats stats, Map<String, byte[]> delivered)
            throws Exception {
        return ChunkReads.fetchAll(rafs, backend, FAST, stats, delivered);
    }

    static Map<String, byte[]> truth;

    static synchronized Map<String, byte[]> truth() throws Exception {
        if (truth == null) {
            try (Backend local = new FileBackend(FileBackend.Config.of(work.resolve("push-anon/img/blobs")))) {
                truth = fetchAll(local, new FetchStats(), new TreeMap<>());
            }
        }
        return truth;
    }

    static void assertCorrect(Map<String, byte[]> got) throws Exception {
        Map<String, byte[]> t = truth();
        for (var e : got.entrySet()) {
            assertThat(e.getValue()).as("chunk %s", e.getKey()).isEqualTo(t.get(e.getKey()));
        }
    }

    @Test
    void anonymousReadsEqualTheLocalBlob() throws Exception {
        try (Backend b = new RegistryBackend(config(anonymous.host(), null, null, null, List.of()))) {
            assertThat(b.size(image.blobId()))
                    .isEqualTo(Files.size(work.resolve("push-anon/img/blobs").resolve(image.blobId())));
            Map<String, byte[]> got = fetchAll(b, new FetchStats(), new TreeMap<>());
            assertThat(got.keySet()).isEqualTo(truth().keySet());
            assertCorrect(got);
        }
    }

    @Test
    void basicAuthReadsAndWrongCredentialsFailClearly() throws Exception {
        String good = Base64.getEncoder().encodeToString("swiftlet:s3cret".getBytes(StandardCharsets.UTF_8));
        try (Backend b = new RegistryBackend(config(secured.host(), good, null, null, List.of()))) {
            Map<String, byte[]> got = fetchAll(b, new FetchStats(), new TreeMap<>());
            assertThat(got.keySet()).isEqualTo(truth().keySet());
            assertCorrect(got);
        }
        String bad = Base64.getEncoder().encodeToString("swiftlet:wrong".getBytes(StandardCharsets.UTF_8));
        try (Backend b = new RegistryBackend(config(secured.host(), bad, null, null, List.of()))) {
            assertThatThrownBy(() -> b.read(image.blobId(), 0, ByteBuffer.allocate(16)))
                    .isInstanceOf(FetchException.class)
                    .hasMessageContaining("HTTP 401")
                    .matches(e -> !((FetchException) e).retryable());
        }
    }

    /** Token lifetimes follow the backend's clock, which the test moves: no waiting for a real expiry. */
    @Test
    void bearerTokensAreFetchedCachedAndRenewed() throws Exception {
        try (TokenGate gate = new TokenGate(URI.create("http://" + anonymous.host()), "swiftlet", "s3cret", 60)) {
            String auth = Base64.getEncoder().encodeToString("swiftlet:s3cret".getBytes(StandardCharsets.UTF_8));
            TestClock clock = new TestClock();
            try (Backend b =
                    new RegistryBackend(config("127.0.0.1:" + gate.port(), auth, null, null, List.of()), clock)) {
                assertCorrect(fetchAll(b, new FetchStats(), new TreeMap<>()));
                assertThat(gate.tokensIssued.get())
                        .as("one token serves many requests")
                        .isEqualTo(1);
                // 60 s tokens are renewed 6 s early: still good at 53 s, not at 55 s
                clock.advance(Duration.ofSeconds(53));
                assertCorrect(fetchAll(b, new FetchStats(), new TreeMap<>()));
                assertThat(gate.tokensIssued.get())
                        .as("the token is still good")
                        .isEqualTo(1);
                clock.advance(Duration.ofSeconds(2));
                assertCorrect(fetchAll(b, new FetchStats(), new TreeMap<>()));
                assertThat(gate.tokensIssued.get())
                        .as("expired: renewed once, then reused")
                        .isEqualTo(2);
            }
        }
    }

    /** nydusd's runtime {@code registry_auth}: credentials replaced on a live backend apply to its next request. */
    @Test
    void credentialsReplacedAtRuntimeApplyAndWhatTheOldOnesObtainedIsDropped() throws Exception {
        String good = Base64.getEncoder().encodeToString("swiftlet:s3cret".getBytes(StandardCharsets.UTF_8));
        String bad = Base64.getEncoder().encodeToString("swiftlet:wrong".getBytes(StandardCharsets.UTF_8));
        // htpasswd (Basic): without credentials refused; with the new ones every chunk reads; a later wrong
        // replacement is refused again, so the Basic header of the good ones was not kept. The credentials are reached
        // through Backend.credentials(), as the admin API reaches them, without knowing the backend's type
        try (Backend b = new RegistryBackend(config(secured.host(), null, null, null, List.of()))) {
            RotatableCredentials credentials = b.credentials().orElseThrow();
            assertThatThrownBy(() -> b.read(image.blobId(), 0, ByteBuffer.allocate(16)))
                    .isInstanceOf(FetchException.class)
                    .hasMessageContaining("HTTP 401");
            credentials.replaceCredentials(good);
            assertCorrect(fetchAll(b, new FetchStats(), new TreeMap<>()));
            credentials.replaceCredentials(bad);
            assertThatThrownBy(() -> b.read(image.blobId(), 0, ByteBuffer.allocate(16)))
                    .isInstanceOf(FetchException.class)
                    .hasMessageContaining("HTTP 401");
            assertThatThrownBy(() -> credentials.replaceCredentials("user:pass\r\nX-Injected: 1"))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        // bearer: the token endpoint refuses the wrong credentials; after the replacement a token is issued and
        // used; replacing them again drops that token (a cached one would still be accepted by the gate)
        try (TokenGate gate = new TokenGate(URI.create("http://" + anonymous.host()), "swiftlet", "s3cret", 600);
                RegistryBackend b =
                        new RegistryBackend(config("127.0.0.1:" + gate.port(), bad, null, null, List.of()))) {
            assertThatThrownBy(() -> b.read(image.blobId(), 0, ByteBuffer.allocate(16)))
                    .isInstanceOf(FetchException.class)
                    .hasMessageContaining("credentials refused");
            b.replaceCredentials(good);
            assertCorrect(fetchAll(b, new FetchStats(), new TreeMap<>()));
            assertThat(gate.tokensIssued.get())
                    .as("one token for all the reads")
                    .isEqualTo(1);
            b.replaceCredentials(bad);
            assertThatThrownBy(() -> b.read(image.blobId(), 0, ByteBuffer.allocate(16)))
                    .isInstanceOf(FetchException.class)
                    .hasMessageContaining("credentials refused");
            b.replaceCredentials(good);
            ByteBuffer first = ByteBuffer.allocate(64);
            b.read(image.blobId(), 0, first);
            assertThat(first.array())
                    .isEqualTo(java.util.Arrays.copyOf(
                            Files.readAllBytes(
                                    work.resolve("push-anon/img/blobs").resolve(image.blobId())),
                            64));
            assertThat(gate.tokensIssued.get())
                    .as("a fresh token for the replaced credentials")
                    .isEqualTo(2);
        }
    }

    @Test
    void aTokenEndpointThatRefusesOrMisbehavesGivesAFetchExceptionNeverAnUncheckedOne() throws Exception {
        try (TokenGate gate = new TokenGate(URI.create("http://" + anonymous.host()), "swiftlet", "s3cret", 60)) {
            String wrong = Base64.getEncoder().encodeToString("swiftlet:nope".getBytes(StandardCharsets.UTF_8));
            try (Backend b = new RegistryBackend(config("127.0.0.1:" + gate.port(), wrong, null, null, List.of()))) {
                assertThatThrownBy(() -> b.read(image.blobId(), 0, ByteBuffer.allocate(16)))
                        .isInstanceOf(FetchException.class)
                        .hasMessageContaining("HTTP 401 (credentials refused)")
                        .matches(e -> !((FetchException) e).retryable());
            }
            String good = Base64.getEncoder().encodeToString("swiftlet:s3cret".getBytes(StandardCharsets.UTF_8));
            // a token that would split the Authorization header
            gate.rawResponse = "{\"token\":\"abc\\r\\nX-Injected: 1\"}";
            gate.rawToken = "abc";
            try (Backend b = new RegistryBackend(config("127.0.0.1:" + gate.port(), good, null, null, List.of()))) {
                assertThatThrownBy(() -> b.read(image.blobId(), 0, ByteBuffer.allocate(16)))
                        .isInstanceOf(FetchException.class)
                        .hasMessageContaining("malformed token");
            }
            // access_token instead of token, and a lifetime past a long in nanoseconds: clamped, and the token works
            gate.rawResponse = "{\"access_token\":\"big\",\"expires_in\":99999999999999999999}";
            gate.rawToken = "big";
            try (Backend b = new RegistryBackend(config("127.0.0.1:" + gate.port(), good, null, null, List.of()))) {
                ByteBuffer dst = ByteBuffer.allocate(4096);
                b.read(image.blobId(), 0, dst);
                byte[] local =
                        Files.readAllBytes(work.resolve("push-anon/img/blobs").resolve(image.blobId()));
                assertThat(dst.array()).isEqualTo(java.util.Arrays.copyOf(local, 4096));
            }
        }
    }

    /**
     * A whole-blob download (image convert's source) from a registry that stops sending in the middle of the body
     * fails once no byte came for the timeout, naming the blob, instead of blocking its reader for ever.
     */
    @Test
    void aWholeBlobDownloadThatStallsMidBodyFailsNamingTheBlob() throws Exception {
        try (FaultProxy proxy = new FaultProxy(URI.create("http://" + anonymous.host()), 0);
                DistributionClient client = new DistributionClient(
                        config("127.0.0.1:" + proxy.port, null, Duration.ofSeconds(1), null, List.of()))) {
            proxy.restOfBody = new java.util.concurrent.CountDownLatch(1);
            proxy.inject(FaultProxy.Fault.PAUSE_MID_BODY, 1);
            String digest = "sha256:" + image.blobId();
            try (java.io.InputStream in = client.blob(digest)) {
                byte[] first = in.readNBytes(1000);
                byte[] local =
                        Files.readAllBytes(work.resolve("push-anon/img/blobs").resolve(image.blobId()));
                assertThat(first).isEqualTo(java.util.Arrays.copyOf(local, 1000));
                assertThatThrownBy(() -> in.transferTo(java.io.OutputStream.nullOutputStream()))
                        .isInstanceOf(java.io.IOException.class)
                        .hasMessageContaining("blob " + digest)
                        .hasMessageContaining("no bytes for 1 s");
            } finally {
                proxy.restOfBody.countDown();
            }
            // the next download of it, undisturbed, is whole
            try (java.io.InputStream in = client.blob(digest)) {
                assertThat(in.readAllBytes())
                        .isEqualTo(Files.readAllBytes(
                                work.resolve("push-anon/img/blobs").resolve(image.blobId())));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = FaultProxy.Fault.class,
            names = {"NONE", "PAUSE_MID_BODY"},
            mode = EnumSource.Mode.EXCLUDE)
    void transientFaultsAreRetriedToCorrectBytesAndPersistentOnesNeverYieldWrongBytes(FaultProxy.Fault fault)
            throws Exception {
        try (FaultProxy proxy = new FaultProxy(URI.create("http://" + anonymous.host()), 0);
                Backend b = new RegistryBackend(
                        config("127.0.0.1:" + proxy.port, null, Duration.ofMillis(500), null, List.of()))) {
            proxy.slowMillis = 1500;
            // damaged bytes get one more fetch (then the chunk fails); transport faults get the whole retry policy
            proxy.inject(fault, fault == FaultProxy.Fault.CORRUPT ? 1 : 2);
            FetchStats stats = new FetchStats();
            Map<String, byte[]> got = fetchAll(b, stats, new TreeMap<>());
            assertThat(got.keySet()).isEqualTo(truth().keySet());
            assertCorrect(got);
            assertThat(stats.retries.sum()).as("retries counted for %s", fault).isPositive();

            proxy.inject(fault, Integer.MAX_VALUE);
            Map<String, byte[]> partial = new TreeMap<>();
            assertThatThrownBy(() -> fetchAll(b, new FetchStats(), partial)).isInstanceOf(FetchException.class);
            assertCorrect(partial); // whatever was delivered is right
        }
    }

    /**
     * nydusd's {@code retry_limit}: tries after the first one, whatever the fetcher's policy says (FAST allows 4 in all);
     * absent, the policy decides. Counted as the blob requests that reach a registry which keeps failing.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"0, 1", "2, 3", "'', 4"})
    void retryLimitFromTheBackendConfigSetsHowOftenAFailingReadIsTried(String retryLimit, int attempts)
            throws Exception {
        try (FaultProxy registry = new FaultProxy(URI.create("http://" + anonymous.host()), 0)) {
            BackendSpec spec = Backends.parseLegacy("registry", JSON.readTree("""
                    {"host":"127.0.0.1:%d","repo":"demo","scheme":"http","timeout":2%s}""".formatted(
                            registry.port, retryLimit.isEmpty() ? "" : ",\"retry_limit\":" + retryLimit)));
            try (Backend b = Backends.open(spec)) {
                registry.inject(FaultProxy.Fault.STATUS_503, Integer.MAX_VALUE);
                FetchStats stats = new FetchStats();
                Map<String, byte[]> partial = new TreeMap<>();
                assertThatThrownBy(() -> fetchAll(b, stats, partial))
                        .isInstanceOf(FetchException.class)
                        .hasMessageContaining("HTTP 503");
                assertThat(partial).isEmpty();
                assertThat(registry.seen)
                        .filteredOn(s -> s.target().contains("/blobs/"))
                        .as("blob requests")
                        .hasSize(attempts);
                assertThat(stats.retries.sum()).isEqualTo(attempts - 1);
                assertThat(stats.failures.sum()).isOne();
            }
        }
    }

    @Test
    void aRangeIsReportedAsItArrivesWhileTheRestIsOnItsWay() throws Exception {
        try (FaultProxy proxy = new FaultProxy(URI.create("http://" + anonymous.host()), 0);
                Backend b = new RegistryBackend(
                        config("127.0.0.1:" + proxy.port, null, Duration.ofSeconds(5), null, List.of()))) {
            // the proxy sends the first half, then holds the rest until a progress report has come: a backend that
            // reported only once the whole range had arrived would time out (and its retry report everything at once)
            java.util.concurrent.CountDownLatch firstReport = new java.util.concurrent.CountDownLatch(1);
            proxy.restOfBody = firstReport;
            proxy.inject(FaultProxy.Fault.PAUSE_MID_BODY, 1);
            byte[] local =
                    Files.readAllBytes(work.resolve("push-anon/img/blobs").resolve(image.blobId()));
            int length = Math.min(local.length, 2 << 20);
            ByteBuffer dst = ByteBuffer.allocateDirect(length);
            List<Integer> reported = new java.util.ArrayList<>();
            b.read(image.blobId(), 0, dst, n -> {
                reported.add(n);
                firstReport.countDown();
            });
            assertThat(dst.position()).isEqualTo(length);
            assertThat(reported.getFirst())
                    .as("the first half reported before the rest came")
                    .isLessThanOrEqualTo(length / 2);
            assertThat(reported.getLast()).isEqualTo(length);
            assertThat(reported).isSorted();
            byte[] got = new byte[length];
            dst.get(0, got);
            assertThat(got).isEqualTo(java.util.Arrays.copyOf(local, length));
        }
    }

    @Test
    void dragonflyProxyCarriesTheRequestsFallsBackWhenDownAndIsUsedAgainWhenBack() throws Exception {
        try (FaultProxy dfdaemon = new FaultProxy(URI.create("http://" + anonymous.host()), 0)) {
            RegistryConfig.Proxy proxy = new RegistryConfig.Proxy(
                    URI.create(dfdaemon.url()), URI.create(dfdaemon.url() + "/ping"), true, Duration.ofMillis(300));
            SteppedSleeper checkRounds = new SteppedSleeper(); // the health checker pings only when the test says
            try (Backend b = new RegistryBackend(
                    config(anonymous.host(), null, Duration.ofSeconds(2), proxy, List.of()),
                    InstantSource.system(),
                    checkRounds)) {
                assertCorrect(fetchAll(b, new FetchStats(), new TreeMap<>()));
                List<FaultProxy.Seen> viaProxy = dfdaemon.seen.stream()
                        .filter(s -> s.target().contains("/blobs/"))
                        .toList();
                assertThat(viaProxy).isNotEmpty().allSatisfy(s -> {
                    assertThat(s.target())
                            .as("absolute URI: a forward proxy request")
                            .startsWith("http://" + anonymous.host() + "/v2/demo/blobs/sha256:");
                    assertThat(s.headers())
                            .containsEntry("X-Dragonfly-Use-P2P", "true")
                            .containsKey("Range");
                });

                dfdaemon.stop(); // returns once every connection it accepted is handled and recorded
                java.util.function.LongSupplier blobRequests = () -> dfdaemon.seen.stream()
                        .filter(s -> s.target().contains("/blobs/"))
                        .count();
                long before = blobRequests.getAsLong();
                assertCorrect(fetchAll(b, new FetchStats(), new TreeMap<>())); // straight to the registry
                assertThat(blobRequests.getAsLong()).isEqualTo(before);

                java.util.function.Predicate<FaultProxy.Seen> ping =
                        s -> s.target().equals("/ping");
                assertThat(dfdaemon.seen.stream().filter(ping))
                        .as("no check round ran yet")
                        .isEmpty();
                dfdaemon.restart();
                assertCorrect(fetchAll(b, new FetchStats(), new TreeMap<>()));
                assertThat(blobRequests.getAsLong())
                        .as("back, but marked down until a health check says otherwise")
                        .isEqualTo(before);

                checkRounds.runRound(); // one ping, answered 2xx: the proxy is marked up
                assertThat(dfdaemon.seen.stream().filter(ping)).hasSize(1);
                assertThat(checkRounds.asked)
                        .allMatch(nanos -> nanos == Duration.ofMillis(300).toNanos());
                assertCorrect(fetchAll(b, new FetchStats(), new TreeMap<>()));
                assertThat(dfdaemon.seen.stream()
                                .filter(s -> s.target().contains("/blobs/"))
                                .count())
                        .as("blob requests through the proxy again")
                        .isGreaterThan(viaProxy.size());
            }
        }
    }

    @Test
    void aProxyRateLimitGoesStraightToTheRegistryWithinTheSameAttempt() throws Exception {
        try (FaultProxy dfdaemon = new FaultProxy(URI.create("http://" + anonymous.host()), 0)) {
            RegistryConfig.Proxy proxy = new RegistryConfig.Proxy(
                    URI.create(dfdaemon.url()), URI.create(dfdaemon.url() + "/ping"), true, Duration.ofSeconds(60));
            try (Backend b =
                    new RegistryBackend(config(anonymous.host(), null, Duration.ofSeconds(2), proxy, List.of()))) {
                dfdaemon.inject(FaultProxy.Fault.PROXY_429, 1);
                FetchStats stats = new FetchStats();
                Map<String, byte[]> got = fetchAll(b, stats, new TreeMap<>());
                assertThat(got.keySet()).isEqualTo(truth().keySet());
                assertCorrect(got);
                // dfdaemon's own 429 (X-Dragonfly-Error-Type: proxy) is not the registry's answer: no retry was needed
                assertThat(stats.retries.sum()).isZero();
                assertThat(dfdaemon.seen)
                        .filteredOn(s -> s.target().contains("/blobs/"))
                        .hasSize(1);
            }
        }
    }

    @Test
    void useHttpShowsHttpsRegistryUrlsToTheProxyInPlainForm() throws Exception {
        try (FaultProxy dfdaemon = new FaultProxy(URI.create("http://" + anonymous.host()), 0)) {
            for (boolean useHttp : new boolean[] {true, false}) {
                RegistryConfig.Proxy proxy = new RegistryConfig.Proxy(
                        URI.create(dfdaemon.url()),
                        URI.create(dfdaemon.url() + "/ping"),
                        false,
                        Duration.ofSeconds(60),
                        useHttp);
                // the registry is named https: only the proxy's plain-http view (its useHTTPS rule, here plain) reaches
                // it
                RegistryConfig c = new RegistryConfig(
                        "https",
                        anonymous.host(),
                        "demo",
                        null,
                        null,
                        false,
                        List.of(),
                        "",
                        "",
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(2),
                        proxy,
                        List.of());
                try (Backend b = new RegistryBackend(c)) {
                    if (useHttp) {
                        assertCorrect(fetchAll(b, new FetchStats(), new TreeMap<>()));
                        assertThat(dfdaemon.seen)
                                .filteredOn(s -> s.target().contains("/blobs/"))
                                .isNotEmpty()
                                .allSatisfy(s -> assertThat(s.target())
                                        .startsWith("http://" + anonymous.host() + "/v2/demo/blobs/sha256:"));
                    } else {
                        dfdaemon.seen.clear();
                        // without use_http the client tunnels (CONNECT), and no fallback is allowed: the read fails
                        assertThatThrownBy(() -> b.read(image.blobId(), 0, ByteBuffer.allocate(64)))
                                .isInstanceOf(FetchException.class);
                        assertThat(dfdaemon.seen)
                                .extracting(FaultProxy.Seen::method)
                                .contains("CONNECT");
                    }
                }
            }
        }
    }

    @Test
    void mirrorsGetTheirHeadersAndFailuresFallThroughToTheRegistry() throws Exception {
        try (FaultProxy mirror = new FaultProxy(URI.create("http://" + anonymous.host()), 0)) {
            RegistryConfig.Mirror m = new RegistryConfig.Mirror(
                    URI.create(mirror.url()),
                    Map.of("X-Dragonfly-Registry", "http://" + anonymous.host()),
                    URI.create(mirror.url() + "/ping"),
                    Duration.ofSeconds(30),
                    2);
            try (Backend b =
                    new RegistryBackend(config(anonymous.host(), null, Duration.ofSeconds(2), null, List.of(m)))) {
                assertCorrect(fetchAll(b, new FetchStats(), new TreeMap<>()));
                assertThat(mirror.seen)
                        .filteredOn(s -> s.target().contains("/blobs/"))
                        .isNotEmpty()
                        .allSatisfy(s -> assertThat(s.headers())
                                .containsEntry("X-Dragonfly-Registry", "http://" + anonymous.host()));
                mirror.inject(FaultProxy.Fault.STATUS_503, Integer.MAX_VALUE);
                assertCorrect(
                        fetchAll(b, new FetchStats(), new TreeMap<>())); // 5xx from the mirror: the registry serves
            }
        }
    }

    @Test
    void anImageIsPulledByReferenceToItsBootstrap() throws Exception {
        try (RegistryBackend b = new RegistryBackend(config(anonymous.host(), null, null, null, List.of()))) {
            var pulled = dev.swiftlet.fetch.oci.ImagePuller.pull(b, "latest", work.resolve("pulled"));
            assertThat(Files.readAllBytes(pulled.bootstrap())).isEqualTo(Files.readAllBytes(image.bootstrap()));
            assertThat(pulled.manifest().blobs()).extracting(l -> l.hex()).containsExactlyElementsOf(image.blobIds());
            // by digest too, and a second pull reuses the bootstrap on disk
            var again = dev.swiftlet.fetch.oci.ImagePuller.pull(b, pulled.manifestDigest(), work.resolve("pulled"));
            assertThat(again.bootstrap()).isEqualTo(pulled.bootstrap());
            assertThatThrownBy(() -> dev.swiftlet.fetch.oci.ImagePuller.pull(b, "nope", work.resolve("pulled")))
                    .isInstanceOf(FetchException.class)
                    .hasMessageContaining("HTTP 404");
            // a reference never becomes a path it could escape with; a manifest must have the digest asked for
            assertThatThrownBy(() -> RegistryManifests.get(b, "../../v2/_catalog", MediaTypes.ACCEPT_ANY))
                    .isInstanceOf(FetchException.class)
                    .hasMessageContaining("not a tag or digest");
            byte[] manifest = RegistryManifests.get(b, pulled.manifestDigest(), MediaTypes.ACCEPT_ANY);
            assertThat(manifest).isEqualTo(RegistryManifests.get(b, "latest", MediaTypes.ACCEPT_ANY));
        }
    }

    @Test
    void aBackendLeavesProcessWideHttpSettingsToTheLauncher() throws Exception {
        // the HTTP read buffer is the launchers' -Djdk.httpclient.bufsize, not a side effect of loading this class
        try (Backend b = new RegistryBackend(config(anonymous.host(), null, null, null, List.of()))) {
            assertThat(b.size(image.blobId())).isPositive();
        }
        assertThat(System.getProperty("jdk.httpclient.bufsize")).isNull();
    }

    @Test
    void bothConfigShapesParseAndBadFieldsAreNamed() throws Exception {
        BackendSpec legacy = Backends.parseLegacy("registry", JSON.readTree("""
                {"readahead":false,"host":"127.0.0.1:5000","repo":"library/demo","scheme":"http","skip_verify":true,
                 "proxy":{"url":"http://127.0.0.1:4001","ping_url":"http://127.0.0.1:4003/healthy","fallback":true,"check_interval":5,"use_http":false},
                 "mirrors":[{"host":"http://127.0.0.1:65001","headers":{"X-Dragonfly-Registry":"https://index.docker.io"},
                             "health_check_interval":5,"failure_limit":5,"ping_url":"http://127.0.0.1:40901/server/ping"}],
                 "timeout":3,"connect_timeout":2,"retry_limit":0}"""));
        BackendSpec v2 = Backends.parseV2(JSON.readTree("""
                {"type":"registry","registry":{"readahead":false,"host":"127.0.0.1:5000","repo":"library/demo","scheme":"http",
                 "skip_verify":true,"proxy":{"url":"http://127.0.0.1:4001","ping_url":"http://127.0.0.1:4003/healthy","fallback":true,"check_interval":5},
                 "mirrors":[{"host":"http://127.0.0.1:65001","headers":{"X-Dragonfly-Registry":"https://index.docker.io"},
                             "health_check_interval":5,"failure_limit":5,"ping_url":"http://127.0.0.1:40901/server/ping"}],
                 "timeout":3,"connect_timeout":2,"retry_limit":0}}"""));
        assertThat(legacy).isEqualTo(v2);
        RegistryConfig c = (RegistryConfig) legacy;
        assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(c.proxy().pingUrl()).isEqualTo(URI.create("http://127.0.0.1:4003/healthy"));
        assertThat(c.mirrors().getFirst().failureLimit()).isEqualTo(5);
        assertThatThrownBy(() -> Backends.parseLegacy("registry", JSON.readTree("{\"repo\":\"a\"}")))
                .hasMessageContaining("backend_config.host is missing");
        assertThatThrownBy(() -> Backends.parseLegacy(
                        "registry", JSON.readTree("{\"host\":\"h\",\"repo\":\"a\",\"skip_verify\":\"yes\"}")))
                .hasMessageContaining("backend_config.skip_verify must be true or false");
        assertThatThrownBy(() -> Backends.parseLegacy(
                        "registry", JSON.readTree("{\"host\":\"h\",\"repo\":\"a\",\"scheme\":\"ftp\"}")))
                .hasMessageContaining("scheme must be http or https");
        assertThatThrownBy(() -> Backends.parseLegacy(
                        "registry", JSON.readTree("{\"host\":\"h\",\"repo\":\"a\",\"mirrors\":[{\"host\":\"nope\"}]}")))
                .hasMessageContaining("mirrors[0].host is not a URL");
    }
}
