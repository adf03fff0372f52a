package dev.swiftlet.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.swiftlet.daemon.Daemon;
import dev.swiftlet.daemon.DaemonConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code swiftlet mount}, {@code stats} and {@code umount} against an in-JVM fanotify daemon (root, Linux 6.14+). */
class MountCliTest {
    Path dir;
    Daemon daemon;

    @BeforeEach
    void setUp() throws Exception {
        assertThat(ProcessHandle.current().info().user().orElse(""))
                .as("needs root (mount, fanotify)")
                .isEqualTo("root");
        dir = Files.createTempDirectory(Path.of("/var/tmp"), "swiftlet-cli-");
        daemon = new Daemon(new DaemonConfig(
                DaemonConfig.FrontEndKind.FANOTIFY, dir.resolve("cache"), dir.resolve("api.sock"), 2, null, "cli"));
        daemon.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        daemon.close();
        new ProcessBuilder("rm", "-rf", dir.toString()).start().waitFor();
    }

    private static int run(StringWriter out, String... args) {
        var cl = SwiftletCommand.newCommandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        java.io.PrintStream old = System.out;
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(buf, true));
        try {
            int rc = cl.execute(args);
            out.write(buf.toString());
            out.write(err.toString());
            return rc;
        } finally {
            System.setOut(old);
        }
    }

    /** {@code swiftlet mount} of RawImages' image at {@code dir/mnt} with {@code extra} options; returns its output. */
    private String mountRawImage(String... extra) throws Exception {
        Path boot = dev.swiftlet.daemon.images.RawImages.buildWithBlobDevice(dir.resolve("img"));
        Files.createDirectories(dir.resolve("mnt"));
        List<String> args = new ArrayList<>(List.of(
                "mount",
                boot.toString(),
                dir.resolve("mnt").toString(),
                "--blob-dir",
                dir.resolve("img/blobs").toString(),
                "--apisock",
                dir.resolve("api.sock").toString()));
        args.addAll(List.of(extra));
        StringWriter out = new StringWriter();
        assertThat(run(out, args.toArray(String[]::new))).as(out.toString()).isZero();
        return out.toString();
    }

    @Test
    void mountReadStatsUmount() throws Exception {
        String fsid = mountRawImage("--device", "blob.img").trim();
        Path mnt = dir.resolve("mnt");
        String sock = dir.resolve("api.sock").toString();
        assertThat(fsid).matches("[0-9a-f]{64}");
        assertThat(Files.readString(mnt.resolve("hello.txt"))).isEqualTo("hello swiftlet\n");
        assertThat(Files.readAllBytes(mnt.resolve("big.bin")))
                .isEqualTo(Files.readAllBytes(dir.resolve("img/src/big.bin")));

        StringWriter stats = new StringWriter();
        assertThat(run(stats, "stats", "--json", "--apisock", sock)).isZero();
        var s = new ObjectMapper().readTree(stats.toString());
        assertThat(s.path("bytes_fetched").asLong()).isPositive();
        assertThat(s.path("failures").asLong()).isZero();

        StringWriter um = new StringWriter();
        assertThat(run(um, "umount", mnt.toString(), "--apisock", sock))
                .as(um.toString())
                .isZero();
        assertThat(daemon.registry().list()).isEmpty();
        // readAllLines: Files.readString of a procfs file returns its first byte only on JDK 25 (its size reads 0)
        assertThat(String.join("\n", Files.readAllLines(Path.of("/proc/self/mountinfo"))))
                .doesNotContain(" " + mnt + " ");
    }

    @Test
    void aRawImageWithOneUntaggedDeviceMountsWithoutDevice() throws Exception {
        // mkfs.erofs 1.5 leaves the slot's tag empty; the blob directory holds just blob.img
        mountRawImage();
        Path mnt = dir.resolve("mnt");
        String sock = dir.resolve("api.sock").toString();
        try {
            assertThat(Files.readString(mnt.resolve("hello.txt"))).isEqualTo("hello swiftlet\n");
            assertThat(Files.readAllBytes(mnt.resolve("big.bin")))
                    .isEqualTo(Files.readAllBytes(dir.resolve("img/src/big.bin")));
            assertThat(daemon.registry().list().getFirst().blobs())
                    .extracting(b -> b.blobId())
                    .containsExactly("blob.img");
        } finally {
            StringWriter um = new StringWriter();
            assertThat(run(um, "umount", mnt.toString(), "--apisock", sock))
                    .as(um.toString())
                    .isZero();
        }
    }
}
