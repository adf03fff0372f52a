package dev.swiftlet.daemon.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swiftlet.daemon.Daemon;
import dev.swiftlet.fetch.registry.FaultProxy;
import dev.swiftlet.fetch.registry.LocalRegistry;
import dev.swiftlet.rafs.build.BuildResult;
import dev.swiftlet.rafs.testing.Sha256;
import dev.swiftlet.rafs.testing.TreeDigests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code swiftlet mount --image} end to end on this host: an image pushed with skopeo to Debian's docker-registry on
 * loopback, mounted through the running daemon (fanotify front end), its chunks fetched from the registry on demand.
 * Every file's sha256 matches the source; one small file costs a small fraction of the image; through a proxy that
 * fails, reads come back correct after retries (counted), and when it corrupts every answer the files it serves fail
 * with EIO while the daemon goes on serving everything else. Needs root, Linux 6.14+, docker-registry and skopeo.
 */
class RegistryMountTest {
    RegistryDaemon env;
    Path dir;
    Daemon daemon;
    LocalRegistry registry;
    FaultProxy proxy;
    BuildResult built;

    @BeforeEach
    void setUp() throws Exception {
        env = RegistryDaemon.start("registry-mount", 4, src -> {
            Random r = new Random(21);
            for (int i = 0; i < 8; i++) {
                byte[] b = new byte[i < 2 ? 4 << 20 : 100_000 + i * 7_000];
                r.nextBytes(b);
                Files.write(Files.createDirectories(src.resolve("d" + i % 2)).resolve("f" + i), b);
            }
            Files.writeString(src.resolve("hello.sh"), "#!/bin/sh\necho hello from the registry\n");
        });
        dir = env.dir;
        daemon = env.daemon;
        registry = env.registry;
        proxy = env.proxy;
        built = env.built;
    }

    @AfterEach
    void tearDown() throws Exception {
        if (env != null) env.close();
    }

    private Path mountImage(String host, String name, String fsid) throws Exception {
        return env.mount(host, name, fsid);
    }

    @Test
    void anImageMountsLazilyFromTheRegistryAndEveryFileMatches() throws Exception {
        Path mnt = mountImage(registry.host(), "mnt", "reg1");
        assertThat(Files.readString(mnt.resolve("hello.sh"))).contains("hello from the registry");
        long afterSmall = daemon.metrics().fetch.bytes.sum();
        long blobSize = Files.size(dir.resolve("push/img/blobs").resolve(built.blobId()));
        assertThat(afterSmall)
                .as("bytes fetched for one small file")
                .isPositive()
                .isLessThan(blobSize / 4);
        assertThat(TreeDigests.ofFiles(mnt)).isEqualTo(TreeDigests.ofFiles(dir.resolve("src")));
        assertThat(daemon.metrics().fetch.failures.sum()).isZero();
    }

    @Test
    void registryFaultsAreRetriedOrFailOnlyTheirFilesAndTheDaemonGoesOn() throws Exception {
        Path mnt = mountImage("127.0.0.1:" + proxy.port, "mnt", "reg2");
        Map<String, String> expected = TreeDigests.ofFiles(dir.resolve("src"));

        // every answer corrupted: the file fails with EIO, never with wrong bytes
        proxy.inject(FaultProxy.Fault.CORRUPT, Integer.MAX_VALUE);
        assertThatThrownBy(() -> Files.readAllBytes(mnt.resolve("d1/f7"))).isInstanceOf(IOException.class);
        assertThat(daemon.metrics().failures.sum()).isPositive();

        // the daemon goes on: transient failures are retried to correct bytes, and counted
        proxy.inject(FaultProxy.Fault.STATUS_503, 2);
        assertThat(Sha256.hex(Files.readAllBytes(mnt.resolve("d0/f0")))).isEqualTo(expected.get("d0/f0"));
        assertThat(daemon.metrics().fetch.retries.sum())
                .as("retries in the counters")
                .isGreaterThanOrEqualTo(2);
        proxy.inject(FaultProxy.Fault.RESET_MID_BODY, 1);
        assertThat(Sha256.hex(Files.readAllBytes(mnt.resolve("d1/f1")))).isEqualTo(expected.get("d1/f1"));
        proxy.inject(FaultProxy.Fault.NONE, 0);
        assertThat(TreeDigests.ofFiles(mnt))
                .isEqualTo(expected); // the failed file reads correctly once the registry behaves
    }
}
