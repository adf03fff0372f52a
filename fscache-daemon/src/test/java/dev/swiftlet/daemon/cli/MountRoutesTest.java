package dev.swiftlet.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swiftlet.daemon.Daemon;
import dev.swiftlet.daemon.e2e.RegistryDaemon;
import dev.swiftlet.fetch.registry.FaultProxy;
import dev.swiftlet.fetch.registry.LocalRegistry;
import dev.swiftlet.rafs.build.BuildResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code swiftlet mount --image} with the backend config's routes: {@code --proxy URL --proxy-fallback} (Dragonfly
 * dfdaemon as a forward proxy) and {@code --mirror URL} (dfdaemon as a registry mirror). Stand-ins from the fetch
 * tests record what reaches them; the daemon's blob reads must be among it, and the files must read correctly.
 * Needs root and Linux 6.14+ (fanotify front end), docker-registry and skopeo.
 */
class MountRoutesTest {
    RegistryDaemon env;
    Daemon daemon;
    LocalRegistry registry;
    FaultProxy standIn;
    BuildResult built;
    byte[] data;

    @BeforeEach
    void setUp() throws Exception {
        data = new byte[2 << 20];
        new Random(31).nextBytes(data);
        env = RegistryDaemon.start("mount-routes", 2, src -> {
            Files.write(src.resolve("data.bin"), data);
            Files.writeString(src.resolve("hello.txt"), "hello through a route\n");
        });
        daemon = env.daemon;
        registry = env.registry;
        standIn = env.proxy;
        built = env.built;
    }

    @AfterEach
    void tearDown() throws Exception {
        if (env != null) env.close();
    }

    private Path mount(String... routeOptions) throws Exception {
        return env.mount(registry.host(), "mnt", "routes", routeOptions);
    }

    private void assertFilesRead(Path mnt) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        assertThat(HexFormat.of().formatHex(sha.digest(Files.readAllBytes(mnt.resolve("data.bin")))))
                .isEqualTo(HexFormat.of().formatHex(sha.digest(data)));
        assertThat(Files.readString(mnt.resolve("hello.txt"))).isEqualTo("hello through a route\n");
    }

    /** Range GETs of the data blob that reached the stand-in: only the daemon's on-demand reads ask for it. */
    private List<String> blobReads() {
        return standIn.seenRequests().stream()
                .filter(r -> r.startsWith("GET ")
                        && r.contains("/v2/demo/blobs/sha256:" + built.blobId())
                        && r.contains("Range=bytes="))
                .toList();
    }

    @Test
    void theMountsBlobReadsGoThroughTheProxy() throws Exception {
        String proxyUrl = "http://127.0.0.1:" + standIn.port;
        Path mnt = mount("--proxy", proxyUrl, "--proxy-fallback");
        assertThat(daemon.registry()
                        .list()
                        .getFirst()
                        .blobs()
                        .getFirst()
                        .backend()
                        .describe())
                .contains("via proxy " + proxyUrl);
        assertFilesRead(mnt);
        // a forward proxy sees absolute URLs naming the registry
        assertThat(blobReads())
                .as("blob ranges through the proxy")
                .isNotEmpty()
                .allMatch(r -> r.startsWith("GET http://" + registry.host() + "/v2/demo/"));
        assertThat(standIn.seenRequests())
                .as("the bootstrap pull went the same way")
                .anyMatch(r -> r.contains("/v2/demo/manifests/latest"));
        assertThat(daemon.metrics().fetch.failures.sum()).isZero();
    }

    @Test
    void theMountsBlobReadsGoThroughTheMirrorWithTheUpstreamNamed() throws Exception {
        Path mnt = mount("--mirror", "http://127.0.0.1:" + standIn.port);
        assertFilesRead(mnt);
        // a mirror sees origin-form requests, told the registry they are for (as dfdaemon needs)
        assertThat(blobReads())
                .as("blob ranges through the mirror")
                .isNotEmpty()
                .allMatch(r -> r.startsWith("GET /v2/demo/blobs/")
                        && r.contains("X-Dragonfly-Registry=http://" + registry.host()));
        assertThat(daemon.metrics().fetch.failures.sum()).isZero();
    }
}
