package dev.swiftlet.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swiftlet.daemon.Daemon;
import dev.swiftlet.daemon.DaemonConfig;
import dev.swiftlet.fetch.registry.FaultProxy;
import dev.swiftlet.fetch.registry.LocalRegistry;
import dev.swiftlet.rafs.build.BuildResult;
import dev.swiftlet.sys.mount.Mounts;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
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
    Path dir;
    Daemon daemon;
    LocalRegistry registry;
    FaultProxy standIn;
    BuildResult built;
    byte[] data;
    final List<Path> mounts = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        assertThat(ProcessHandle.current().info().user().orElse("")).as("needs root (mount, fanotify)").isEqualTo("root");
        dir = Files.createTempDirectory(Path.of("/var/tmp"), "swiftlet-mount-routes-");
        Path src = Files.createDirectories(dir.resolve("src"));
        data = new byte[2 << 20];
        new Random(31).nextBytes(data);
        Files.write(src.resolve("data.bin"), data);
        Files.writeString(src.resolve("hello.txt"), "hello through a route\n");
        registry = LocalRegistry.start(dir.resolve("registry"), null, null);
        built = registry.push(src, dir.resolve("push"), "demo");
        standIn = new FaultProxy(URI.create("http://" + registry.host()), 0);
        daemon = new Daemon(new DaemonConfig(DaemonConfig.FrontEndKind.FANOTIFY, dir.resolve("cache"), dir.resolve("api.sock"),
                2, null, "mount-routes"));
        daemon.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        for (Path m : mounts) {
            try {
                Mounts.umount(m, 0);
            } catch (IOException ignored) {
                // not mounted
            }
        }
        if (daemon != null) daemon.close();
        if (standIn != null) standIn.close();
        if (registry != null) registry.close();
        new ProcessBuilder("rm", "-rf", dir.toString()).start().waitFor();
    }

    private Path mount(String... routeOptions) throws Exception {
        Path mnt = Files.createDirectories(dir.resolve("mnt"));
        List<String> args = new ArrayList<>(List.of("mount", "--image", registry.host() + "/demo:latest", mnt.toString(),
                "--apisock", dir.resolve("api.sock").toString(), "--work-dir", dir.resolve("images").toString(), "--fsid", "routes"));
        args.addAll(List.of(routeOptions));
        StringWriter err = new StringWriter();
        var cl = SwiftletCommand.newCommandLine();
        cl.setErr(new PrintWriter(err));
        int rc = cl.execute(args.toArray(String[]::new));
        assertThat(rc).as(err.toString()).isZero();
        mounts.add(mnt);
        return mnt;
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
                .filter(r -> r.startsWith("GET ") && r.contains("/v2/demo/blobs/sha256:" + built.blobId()) && r.contains("Range=bytes="))
                .toList();
    }

    @Test
    void theMountsBlobReadsGoThroughTheProxy() throws Exception {
        String proxyUrl = "http://127.0.0.1:" + standIn.port;
        Path mnt = mount("--proxy", proxyUrl, "--proxy-fallback");
        assertThat(daemon.registry().list().getFirst().blobs().getFirst().backend().describe()).contains("via proxy " + proxyUrl);
        assertFilesRead(mnt);
        // a forward proxy sees absolute URLs naming the registry
        assertThat(blobReads()).as("blob ranges through the proxy").isNotEmpty()
                .allMatch(r -> r.startsWith("GET http://" + registry.host() + "/v2/demo/"));
        assertThat(standIn.seenRequests()).as("the bootstrap pull went the same way").anyMatch(r -> r.contains("/v2/demo/manifests/latest"));
        assertThat(daemon.metrics().fetch.failures.sum()).isZero();
    }

    @Test
    void theMountsBlobReadsGoThroughTheMirrorWithTheUpstreamNamed() throws Exception {
        Path mnt = mount("--mirror", "http://127.0.0.1:" + standIn.port);
        assertFilesRead(mnt);
        // a mirror sees origin-form requests, told the registry they are for (as dfdaemon needs)
        assertThat(blobReads()).as("blob ranges through the mirror").isNotEmpty()
                .allMatch(r -> r.startsWith("GET /v2/demo/blobs/") && r.contains("X-Dragonfly-Registry=http://" + registry.host()));
        assertThat(daemon.metrics().fetch.failures.sum()).isZero();
    }
}
