package dev.swiftlet.daemon.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.swiftlet.daemon.Daemon;
import dev.swiftlet.daemon.DaemonConfig;
import dev.swiftlet.daemon.images.RawImages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile and malformed requests over the real socket: each gets a 4xx with a JSON body that says what was
 * wrong, and the daemon keeps serving (a good request right after works). Idle connections stay open.
 */
class AdminSecurityTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    Daemon daemon;
    Path socket;
    Path boot;
    int good;

    @BeforeEach
    void start() throws Exception {
        socket = dir.resolve("api.sock");
        daemon = new Daemon(
                new DaemonConfig(DaemonConfig.FrontEndKind.NONE, dir.resolve("cache"), socket, 2, null, "sec"));
        daemon.start();
        boot = RawImages.buildWithBlobDevice(dir.resolve("img"));
    }

    @AfterEach
    void stop() {
        daemon.close();
    }

    String entry(String id, String domain, Object metadata) {
        return """
                {"type":"bootstrap","id":"%s","domain_id":"%s",
                 "config":{"backend_type":"localfs","backend_config":{"dir":"%s"},"cache_type":"fscache",
                           "cache_config":{"work_dir":"%s"},"metadata_path":"%s"},
                 "device_names":["blob.img"]}""".formatted(id, domain, dir.resolve("img/blobs"), dir, metadata);
    }

    void assertRefused(UnixHttpConnection.Response r, int status, String messagePart) throws Exception {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().get("content-type")).isEqualTo("application/json");
        JsonNode n = JSON.readTree(r.body());
        assertThat(n.path("code").asText()).isNotEmpty();
        assertThat(n.path("message").asText()).contains(messagePart);
        assertStillServing();
    }

    /** A good registration on a fresh connection, then its release: the daemon is unaffected. */
    void assertStillServing() throws Exception {
        String id = "good" + good++;
        try (UnixHttpConnection c = new UnixHttpConnection(socket)) {
            assertThat(c.request("PUT", "/api/v2/blobs", entry(id, "", boot)).status())
                    .isEqualTo(204);
            assertThat(c.request("DELETE", "/api/v2/blobs?domain_id=&blob_id=" + id, "")
                            .status())
                    .isEqualTo(204);
        }
    }

    UnixHttpConnection.Response put(String body) throws Exception {
        try (UnixHttpConnection c = new UnixHttpConnection(socket)) {
            return c.request("PUT", "/api/v2/blobs", body);
        }
    }

    @Test
    void idsAndDomainsWithSeparatorsOrDotDotAreRefused() throws Exception {
        for (String bad : List.of("../x", "a/b", "..", ".", "/abs")) {
            assertRefused(put(entry(bad, "", boot)), 400, "id '" + bad + "' is not allowed");
            assertRefused(put(entry("ok", bad, boot)), 400, "domain_id '" + bad + "' is not allowed");
        }
        assertRefused(put(entry("", "", boot)), 400, "id must not be empty");
        assertThat(daemon.registry().list()).isEmpty();
    }

    @Test
    void metadataPathsThatAreNotRegularFilesAreRefusedWithoutOpeningThem() throws Exception {
        Path fifo = dir.resolve("fifo");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor())
                .isZero();
        Path link = dir.resolve("link-to-dir");
        Files.createSymbolicLink(link, dir);
        // a FIFO would block an open() forever: refusing it proves the check comes first
        for (Path bad : List.of(dir, Path.of("/dev/null"), fifo, link, dir.resolve("missing.boot"))) {
            assertRefused(put(entry("img", "", bad)), 400, "bootstrap " + bad + " is not a regular file");
        }
        assertRefused(put(entry("img", "", "")), 400, "metadata_path (the bootstrap) is missing");
        String noWorkDir = entry("img", "", boot)
                .replace("\"work_dir\":\"" + dir + "\"", "\"work_dir\":\"" + dir.resolve("nope") + "\"");
        assertRefused(put(noWorkDir), 400, "work_dir " + dir.resolve("nope") + " is not a directory");
        assertRefused(
                put(entry("img", "", boot).replace("\"type\":\"bootstrap\"", "\"type\":\"datablob\"")),
                400,
                "entry type 'datablob' is not supported");
    }

    @Test
    void malformedJsonAndNonObjectsAreRefused() throws Exception {
        assertRefused(put("{nope"), 400, "the body is not JSON");
        assertRefused(put(""), 400, "must be a JSON object");
        assertRefused(put("[1,2]"), 400, "must be a JSON object");
        assertRefused(put("\"str\""), 400, "must be a JSON object");
        assertRefused(
                put("{\"type\":\"bootstrap\",\"id\":\"x\",\"config\":{\"metadata_path\":\"" + boot + "\"}}"),
                400,
                "backend_type/backend_config");
        try (UnixHttpConnection c = new UnixHttpConnection(socket)) {
            assertRefused(c.request("PUT", "/api/v2/daemon", "{\"log_level\":"), 400, "the body is not JSON");
        }
    }

    @Test
    void oversizedBodiesGetAJson413AndTheConnectionIsClosed() throws Exception {
        // refused on the declared length, before the body is read (a client writing it meets a closed socket)
        try (UnixHttpConnection c = new UnixHttpConnection(socket)) {
            c.sendRaw(("PUT /api/v2/blobs HTTP/1.1\r\nHost: localhost\r\nContent-Length: " + (AdminServer.MAX_BODY + 1)
                            + "\r\n\r\n{")
                    .getBytes(StandardCharsets.ISO_8859_1));
            UnixHttpConnection.Response r = c.readResponse();
            assertThat(r.status()).isEqualTo(413);
            JsonNode n = JSON.readTree(r.body());
            assertThat(n.path("code").asText()).isEqualTo("PayloadTooLarge");
            assertThat(n.path("message").asText()).contains("larger than " + AdminServer.MAX_BODY + " bytes");
            assertThat(c.closedByServerWithin(2000)).isTrue();
        }
        assertStillServing();
        // chunked bodies have no declared length: refused once they pass the limit
        try (UnixHttpConnection c = new UnixHttpConnection(socket)) {
            c.sendRaw("PUT /api/v2/blobs HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            byte[] chunk = new byte[64 << 10];
            Arrays.fill(chunk, (byte) ' ');
            UnixHttpConnection.Response r = null;
            for (int sent = 0; sent <= AdminServer.MAX_BODY && r == null; sent += chunk.length) {
                try {
                    c.sendRaw((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    c.sendRaw(chunk);
                    c.sendRaw("\r\n".getBytes(StandardCharsets.ISO_8859_1));
                } catch (java.io.IOException closed) {
                    r = c.readResponse();
                }
            }
            if (r == null) r = c.readResponse();
            assertThat(r.status()).isEqualTo(413);
        }
        assertStillServing();
        // exactly at the limit is accepted as far as size goes (then refused as not a bootstrap entry)
        byte[] atLimit = new byte[AdminServer.MAX_BODY];
        Arrays.fill(atLimit, (byte) ' ');
        atLimit[0] = '{';
        atLimit[atLimit.length - 1] = '}';
        try (UnixHttpConnection c = new UnixHttpConnection(socket)) {
            assertRefused(c.request("PUT", "/api/v2/blobs", atLimit), 400, "metadata_path");
        }
    }

    @Test
    void malformedHttpIsA400() throws Exception {
        try (UnixHttpConnection c = new UnixHttpConnection(socket)) {
            c.sendRaw(
                    "PUT /api/v2/blobs HTTP/1.1\r\nContent-Length: nope\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            assertRefused(c.readResponse(), 400, "malformed HTTP request");
        }
    }

    @Test
    void requestsAndResponsesAreLoggedAtDebugWithoutTheirBodies() throws Exception {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(AdminServer.class.getName());
        List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                lines.add(java.text.MessageFormat.format(r.getMessage(), r.getParameters()));
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        java.util.logging.Level before = logger.getLevel();
        logger.setLevel(java.util.logging.Level.FINE);
        logger.addHandler(capture);
        try (UnixHttpConnection c = new UnixHttpConnection(socket)) {
            String secret = entry("logged", "", boot).replace("\"cache_type\"", "\"auth\":\"c2VjcmV0\",\"cache_type\"");
            assertThat(c.request("PUT", "/api/v2/blobs", secret).status()).isEqualTo(204);
            assertThat(c.request("GET", "/api/v1/nothing", "").status()).isEqualTo(404);
        } finally {
            logger.removeHandler(capture);
            logger.setLevel(before);
        }
        assertThat(lines).anyMatch(l -> l.startsWith("request PUT /api/v2/blobs ("));
        assertThat(lines).anyMatch(l -> l.startsWith("response PUT /api/v2/blobs: 204"));
        assertThat(lines).anyMatch(l -> l.startsWith("response GET /api/v1/nothing: 404"));
        assertThat(lines).noneMatch(l -> l.contains("c2VjcmV0"));
    }

    @Test
    void idleConnectionsStayOpenWhileOthersAreServedAndHeadersAreNydusd() throws Exception {
        try (UnixHttpConnection idle = new UnixHttpConnection(socket);
                UnixHttpConnection busy = new UnixHttpConnection(socket)) {
            for (int i = 0; i < 5; i++) {
                UnixHttpConnection.Response r = busy.request("GET", "/api/v1/daemon", "");
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.headers().get("server")).isEqualTo("Nydus API");
                assertThat(r.headers().get("content-type")).isEqualTo("application/json");
                assertThat(JSON.readTree(r.body()).path("state").asText()).isEqualTo("RUNNING");
            }
            UnixHttpConnection.Response put = busy.request("PUT", "/api/v2/blobs", entry("kept", "", boot));
            assertThat(put.status()).isEqualTo(204);
            assertThat(put.headers().getOrDefault("content-length", "0")).isEqualTo("0");
            assertThat(put.body()).isEmpty();
            // the snapshotter's liveness connection sends nothing, ever: it must not be hung up on
            assertThat(idle.closedByServerWithin(3000)).isFalse();
            assertThat(idle.request("GET", "/api/v2/daemon", "").status()).isEqualTo(200);
        }
    }
}
