package dev.swiftlet.daemon.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.swiftlet.daemon.Daemon;
import dev.swiftlet.daemon.DaemonConfig;
import dev.swiftlet.daemon.api.AdminClient;
import dev.swiftlet.daemon.api.ApiResponse;
import dev.swiftlet.rafs.Compression;
import dev.swiftlet.rafs.DigestAlgorithm;
import dev.swiftlet.rafs.build.BuildOptions;
import dev.swiftlet.rafs.build.BuildResult;
import dev.swiftlet.rafs.build.ImageBuilder;
import dev.swiftlet.rafs.testing.Sha256;
import dev.swiftlet.sys.mount.Mounts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * RAFS v6 images (Nydus's own fixture, and images from Swiftlet's builder with each compressor) served
 * through the fanotify front end to a file-backed EROFS mount; a corrupt chunk gives EIO, never wrong bytes.
 * Needs root and Linux 6.14+ with ext4 under /var/tmp.
 */
class RafsFanotifyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    Path dir;
    Path mnt;
    Daemon daemon;

    @BeforeEach
    void setUp() throws Exception {
        assertThat(ProcessHandle.current().info().user().orElse(""))
                .as("these tests need root (mount, fanotify)")
                .isEqualTo("root");
        dir = Files.createTempDirectory(Path.of("/var/tmp"), "swiftlet-rafs-");
        mnt = Files.createDirectories(dir.resolve("mnt"));
        daemon = new Daemon(new DaemonConfig(
                DaemonConfig.FrontEndKind.FANOTIFY,
                dir.resolve("cache"),
                dir.resolve("run/api.sock"),
                4,
                null,
                "rafs"));
        daemon.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        try {
            Mounts.umount(mnt, 0);
        } catch (Exception ignored) {
            // not mounted
        }
        daemon.close();
        new ProcessBuilder("rm", "-rf", dir.toString()).start().waitFor();
    }

    private void mount(Path bootstrap, Path blobDir) throws Exception {
        String body = """
                {"type":"bootstrap","id":"img","config_v2":{"backend":{"type":"localfs","localfs":{"dir":"%s"}},
                 "metadata_path":"%s"}}""".formatted(blobDir, bootstrap);
        ApiResponse r = new AdminClient(dir.resolve("run/api.sock")).request("POST", "/api/v1/swiftlet/mounts", body);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode plan = JSON.readTree(r.body());
        Mounts.mountErofs(
                plan.path("source").asText(), mnt, plan.path("options").asText());
    }

    static Path fixtures() {
        Path repo = Path.of(System.getProperty("swiftlet.repo.root", "/work/main"));
        Path p = repo.resolve("../shared/fixtures/nydus");
        return Files.isDirectory(p) ? p : Path.of("/work/shared/fixtures/nydus");
    }

    @Test
    void nydusFixtureReadsAsNydusWroteIt() throws Exception {
        Path fx = fixtures();
        mount(
                fx.resolve("rafs-v6-2.2.boot").toAbsolutePath(),
                fx.resolve("blobs").toAbsolutePath());
        assertThat(Sha256.hex(Files.readAllBytes(mnt.resolve("lib.rs"))))
                .isEqualTo("1810eba864521293bb0d6b55a3c82318d4d89f294ed761c456d9088a17de0c69");
        assertThat(Sha256.hex(Files.readAllBytes(mnt.resolve("sync_io.rs"))))
                .isEqualTo("e629ab260ff0dc02a24648a3e0dd8c13a5daf233d535c330e3201925f5eeff96");
        assertThat(Files.size(dir.resolve(
                        "cache/blobs/img/be7d77eeb719f70884758d1aa800ed0fb09d701aaec469964e9d54325f0d5fef")))
                .isEqualTo(36_864);
    }

    @ParameterizedTest
    @EnumSource(
            value = Compression.class,
            names = {"ZSTD", "LZ4_BLOCK", "NONE"})
    void builtImagesReadBackByteForByte(Compression compression) throws Exception {
        Path src = source();
        BuildResult built = new ImageBuilder(new BuildOptions(compression, DigestAlgorithm.BLAKE3, 64 << 10, null))
                .build(src, dir.resolve("out"), n -> {});
        mount(built.bootstrap().toAbsolutePath(), dir.resolve("out/blobs"));
        for (String name : new String[] {"small.txt", "big.bin", "text.txt"}) {
            assertThat(Sha256.hex(Files.readAllBytes(mnt.resolve(name))))
                    .as(name)
                    .isEqualTo(Sha256.hex(Files.readAllBytes(src.resolve(name))));
        }
        assertThat(daemon.metrics().failures.sum()).isZero();
    }

    @Test
    void corruptChunkIsEioForItsFileOnlyAndTheDaemonKeepsServing() throws Exception {
        Path src = source();
        BuildResult built = new ImageBuilder(new BuildOptions(Compression.ZSTD, DigestAlgorithm.BLAKE3, 64 << 10, null))
                .build(src, dir.resolve("out"), n -> {});
        Path blob = dir.resolve("out/blobs").resolve(built.blobIds().getFirst());
        byte[] bytes = Files.readAllBytes(blob);
        bytes[bytes.length / 2] ^= 0x5a; // inside big.bin's incompressible chunks, far from small.txt
        Files.write(blob, bytes);
        mount(built.bootstrap().toAbsolutePath(), dir.resolve("out/blobs"));
        assertThat(Files.readString(mnt.resolve("small.txt"))).isEqualTo(Files.readString(src.resolve("small.txt")));
        assertThatThrownBy(() -> Files.readAllBytes(mnt.resolve("big.bin")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("Input/output error");
        assertThat(daemon.metrics().failures.sum()).isPositive();
        assertThat(Files.readString(mnt.resolve("small.txt"))).isEqualTo(Files.readString(src.resolve("small.txt")));
    }

    private Path source() throws IOException {
        Path src = Files.createDirectories(dir.resolve("src"));
        Files.writeString(src.resolve("small.txt"), "small\n");
        byte[] big = new byte[4 << 20];
        new Random(1).nextBytes(big);
        Files.write(src.resolve("big.bin"), big);
        Files.writeString(src.resolve("text.txt"), "compressible line of text\n".repeat(20_000));
        return src;
    }
}
