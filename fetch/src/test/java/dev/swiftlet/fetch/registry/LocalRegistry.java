package dev.swiftlet.fetch.registry;

import dev.swiftlet.fetch.oci.ImageConfig;
import dev.swiftlet.fetch.oci.NydusImageWriter;
import dev.swiftlet.fetch.oci.OciLayout;
import dev.swiftlet.rafs.build.BuildOptions;
import dev.swiftlet.rafs.build.BuildResult;
import dev.swiftlet.rafs.build.ImageBuilder;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code docker-registry} (CNCF distribution) on 127.0.0.1, started by the test with filesystem storage in a
 * temporary directory, optionally behind htpasswd basic auth; images are pushed with skopeo, as users push them.
 */
public final class LocalRegistry implements AutoCloseable {
    public final int port;
    final String user;
    final String password;
    private final Process process;
    private final Path dir;

    private LocalRegistry(Path dir, int port, String user, String password, Process process) {
        this.dir = dir;
        this.port = port;
        this.user = user;
        this.password = password;
        this.process = process;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Starts a registry; with {@code user} non-null it requires basic auth. */
    public static LocalRegistry start(Path dir, String user, String password) throws Exception {
        return start(dir, user, password, null, null);
    }

    /** As {@link #start(Path, String, String)}, serving https with {@code certPem}/{@code keyPem} when they are non-null. */
    public static LocalRegistry start(Path dir, String user, String password, Path certPem, Path keyPem)
            throws Exception {
        if (!Files.isExecutable(Path.of("/usr/bin/docker-registry"))) {
            throw new IllegalStateException(
                    "docker-registry is not installed (apt-get install docker-registry; .ci/run does)");
        }
        Files.createDirectories(dir);
        int port = freePort();
        StringBuilder yaml = new StringBuilder("""
                version: 0.1
                log:
                  level: warn
                storage:
                  filesystem:
                    rootdirectory: %s
                  delete:
                    enabled: true
                http:
                  addr: 127.0.0.1:%d
                """.formatted(dir.resolve("storage"), port));
        if (certPem != null) {
            yaml.append("""
                      tls:
                        certificate: %s
                        key: %s
                    """.formatted(certPem, keyPem));
        }
        if (user != null) {
            Process h = new ProcessBuilder("htpasswd", "-Bbn", user, password).start();
            String line = new String(h.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (h.waitFor() != 0 || line.isEmpty()) throw new IllegalStateException("htpasswd failed");
            Files.writeString(dir.resolve("htpasswd"), line + "\n");
            yaml.append("""
                    auth:
                      htpasswd:
                        realm: swiftlet-test
                        path: %s
                    """.formatted(dir.resolve("htpasswd")));
        }
        Path config = Files.writeString(dir.resolve("config.yml"), yaml);
        Process p = new ProcessBuilder("docker-registry", "serve", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("registry.log").toFile())
                .start();
        LocalRegistry r = new LocalRegistry(dir, port, user, password, p);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try {
                if (certPem != null) {
                    // https: a listening socket is enough (the probe would need the test's trust settings)
                    try (java.net.Socket probe = new java.net.Socket("127.0.0.1", port)) {
                        return r;
                    }
                }
                HttpURLConnection c = (HttpURLConnection)
                        URI.create("http://127.0.0.1:" + port + "/v2/").toURL().openConnection();
                int code = c.getResponseCode();
                if (code == 200 || code == 401) return r;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
            if (!p.isAlive()) break;
        }
        r.close();
        throw new IllegalStateException(
                "docker-registry did not come up: " + Files.readString(dir.resolve("registry.log")));
    }

    /** The registry's storage root (distribution's filesystem driver layout below it). */
    public Path storage() {
        return dir.resolve("storage");
    }

    public String host() {
        return "127.0.0.1:" + port;
    }

    /** Builds an image from {@code src} with the image builder and pushes it as {@code repo:latest}. */
    public BuildResult push(Path src, Path work, String repo) throws Exception {
        BuildResult built = new ImageBuilder(BuildOptions.defaults()).build(src, work.resolve("img"), null);
        List<NydusImageWriter.Blob> blobs = new ArrayList<>();
        for (String id : built.blobIds()) {
            Path f = work.resolve("img/blobs").resolve(id);
            blobs.add(new NydusImageWriter.Blob(id, Files.size(f), f));
        }
        NydusImageWriter.write(
                new OciLayout(work.resolve("oci"), "latest"),
                blobs,
                built.bootstrap(),
                ImageConfig.empty(),
                false,
                work);
        List<String> cmd = new ArrayList<>(List.of("skopeo", "copy", "--quiet", "--dest-tls-verify=false"));
        if (user != null) cmd.addAll(List.of("--dest-creds", user + ":" + password));
        cmd.addAll(List.of("oci:" + work.resolve("oci") + ":latest", "docker://" + host() + "/" + repo + ":latest"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IllegalStateException("skopeo push failed: " + out);
        return built;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
