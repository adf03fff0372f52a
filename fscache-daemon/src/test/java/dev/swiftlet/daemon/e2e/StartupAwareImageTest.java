package dev.swiftlet.daemon.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.swiftlet.daemon.api.AdminClient;
import dev.swiftlet.daemon.cli.SwiftletCommand;
import dev.swiftlet.rafs.image.RafsImage;
import dev.swiftlet.rafs.testing.Sha256;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Startup-aware images end to end on this host's kernel (fanotify front end): a container's "start" reads three files
 * of a lazily mounted image; {@code swiftlet accessed} lists exactly what it read, in order; {@code image build
 * --prefetch-files} with that list makes an image whose prefetch table names them; mounted, the daemon fetches those
 * files (and nothing more, whole-blob prefetch being off) before anything reads them, so the start that follows is
 * served from the cache. Needs root, Linux 6.14+, docker-registry and skopeo.
 */
class StartupAwareImageTest {
    private static final int FILES = 24;
    private static final int FILE_BYTES = 200_000;
    RegistryDaemon env;

    @AfterEach
    void tearDown() throws Exception {
        if (env != null) env.close();
    }

    @Test
    void theFilesAStartReadsAreListedAndAnImageBuiltWithTheListFetchesThemFirst() throws Exception {
        env = RegistryDaemon.start("startup", 4, src -> {
            for (int i = 0; i < FILES; i++) {
                byte[] data = new byte[FILE_BYTES];
                new Random(i).nextBytes(data);
                Files.createDirectories(src.resolve("d" + i % 3));
                Files.write(src.resolve("d" + i % 3 + "/f" + i), data);
            }
        });
        List<String> start = List.of("d1/f7", "d0/f3", "d0/f21");
        Path mnt = env.mountImage(env.registry.host() + "/demo:latest", "mnt", "first");
        for (String f : start)
            assertThat(Sha256.hex(Files.readAllBytes(mnt.resolve(f)))).isEqualTo(srcDigest(f));

        String listed = cli("accessed", "--id", "first", "--apisock", socket().toString());
        assertThat(listed.lines()).containsExactly("/d1/f7", "/d0/f3", "/d0/f21");

        Path list = Files.writeString(env.dir.resolve("start.list"), listed);
        Path out = env.dir.resolve("aware");
        cli("image", "build", env.src().toString(), "--output", out.toString(), "--prefetch-files", list.toString());
        RafsImage aware = RafsImage.open(out.resolve("image.boot"));
        assertThat(aware.prefetchNids()).hasSize(3);

        long filledBefore = stat("bytes_filled");
        Path mnt2 = env.dir.resolve("mnt2");
        Files.createDirectories(mnt2);
        cli(
                "mount",
                out.resolve("image.boot").toString(),
                "--blob-dir",
                out.resolve("blobs").toString(),
                mnt2.toString(),
                "--apisock",
                socket().toString(),
                "--fsid",
                "aware");
        try {
            // nothing reads the new mount yet: the daemon fetches the three listed files on its own, and no more
            String blob = "aware/" + aware.blobs().get(0).id();
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (blobStat(blob, "chunks_ready") < 3 && System.nanoTime() < deadline)
                java.util.concurrent.locks.LockSupport.parkNanos(20_000_000); // polling the condition, not timing it
            assertThat(blobStat(blob, "chunks_ready")).isEqualTo(3);
            assertThat(blobStat(blob, "chunks")).isEqualTo(FILES);
            for (String f : start)
                assertThat(Sha256.hex(Files.readAllBytes(mnt2.resolve(f)))).isEqualTo(srcDigest(f));
            assertThat(stat("bytes_filled") - filledBefore)
                    .as("the start's files were all in the cache already")
                    .isZero();
        } finally {
            cli("umount", mnt2.toString(), "--apisock", socket().toString());
        }
    }

    private Path socket() {
        return env.dir.resolve("api.sock");
    }

    private String srcDigest(String f) throws Exception {
        return Sha256.hex(Files.readAllBytes(env.src().resolve(f)));
    }

    private long blobStat(String blob, String name) throws Exception {
        JsonNode n = new ObjectMapper()
                .readTree(new AdminClient(socket())
                        .request("GET", "/api/v1/metrics/blobcache?id=" + blob, null)
                        .body());
        return n.get(name).asLong();
    }

    private long stat(String name) throws Exception {
        JsonNode n = new ObjectMapper()
                .readTree(new AdminClient(socket())
                        .request("GET", "/api/v1/swiftlet/stats", null)
                        .body());
        return n.get(name).asLong();
    }

    /** Runs the CLI in this JVM and returns what it printed; it must succeed. */
    private static String cli(String... args) {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        StringWriter err = new StringWriter();
        int rc;
        try {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            var cl = SwiftletCommand.newCommandLine();
            cl.setErr(new PrintWriter(err));
            rc = cl.execute(args);
        } finally {
            System.setOut(stdout);
        }
        assertThat(rc).as(String.join(" ", args) + ": " + err).isZero();
        return printed.toString(StandardCharsets.UTF_8);
    }
}
