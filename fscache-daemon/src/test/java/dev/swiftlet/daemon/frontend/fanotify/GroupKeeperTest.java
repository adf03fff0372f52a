package dev.swiftlet.daemon.frontend.fanotify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swiftlet.sys.Fd;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The keeper's side of the protocol over a real socket with real descriptors (plain files stand in for the group
 * and cache files): the first daemon is told NEW and keeps its fds; the next gets the same open files back.
 */
class GroupKeeperTest {
    @TempDir
    Path dir;

    private GroupKeeper keeper;
    private Thread runner;

    @AfterEach
    void stop() throws Exception {
        if (keeper != null) keeper.close();
        if (runner != null) runner.join(20_000);
    }

    /** A keeper whose "daemon" just sleeps: the test talks to the socket itself. */
    private Path startKeeper() throws Exception {
        Path sock = dir.resolve("keeper.sock");
        keeper = new GroupKeeper(sock, List.of("sleep", "30"), Duration.ofMillis(100));
        runner = Thread.ofPlatform().start(() -> {
            try {
                keeper.run();
            } catch (InterruptedException ignored) {
                // stopped
            }
        });
        return sock;
    }

    @Test
    void aSuccessorGetsTheSameOpenFilesAndTheLastState() throws Exception {
        Path sock = startKeeper();
        Path groupStandIn = Files.writeString(dir.resolve("group"), "G");
        Path blob = Files.writeString(dir.resolve("blob"), "0123456789");
        try (KeeperLink first = KeeperLink.connect(sock)) {
            assertThat(first.hello()).as("nothing kept yet").isNull();
            try (Fd g = Fd.openForReading(groupStandIn);
                    Fd b = Fd.openForReadWrite(blob)) {
                first.keepGroup(g);
                first.keepBlob("blobs/d/blob", b);
                first.saveState("[{\"id\":\"img\"}]");
                first.saveState("[{\"id\":\"img\"},{\"id\":\"img2\"}]");
                assertThatThrownBy(() -> first.keepGroup(g)).hasMessageContaining("a group is kept already");
            } // the daemon's own copies are closed, as when it dies
        }
        try (KeeperLink second = KeeperLink.connect(sock)) {
            KeeperLink.Handover h = second.hello();
            assertThat(h).isNotNull();
            assertThat(Files.readSymbolicLink(
                            Path.of("/proc/self/fd/" + h.group().intValue())))
                    .isEqualTo(groupStandIn);
            assertThat(h.blobs()).containsOnlyKeys("blobs/d/blob");
            Fd b = h.blobs().get("blobs/d/blob");
            // the same open file description: a write through it lands in the file
            b.pwriteFully(ByteBuffer.allocateDirect(3).put("abc".getBytes()).flip(), 2);
            assertThat(Files.readString(blob)).isEqualTo("01abc56789");
            assertThat(h.state()).isEqualTo("[{\"id\":\"img\"},{\"id\":\"img2\"}]");
            h.group().close();
            b.close();
        }
    }

    @Test
    void theKeeperRestartsItsDaemon() throws Exception {
        Path sock = dir.resolve("keeper.sock");
        Path marker = dir.resolve("starts");
        keeper = new GroupKeeper(
                sock, List.of("sh", "-c", "echo x >> " + marker + "; sleep 0.2"), Duration.ofMillis(50));
        runner = Thread.ofPlatform().start(() -> {
            try {
                keeper.run();
            } catch (InterruptedException ignored) {
                // stopped
            }
        });
        // each start is another process appending to a file: polled, with a deadline
        long deadline = System.nanoTime() + 10_000_000_000L;
        while ((!Files.exists(marker) || Files.readAllLines(marker).size() < 3) && System.nanoTime() < deadline)
            Thread.sleep(50);
        assertThat(Files.readAllLines(marker))
                .as("three starts of a daemon that keeps exiting")
                .hasSizeGreaterThanOrEqualTo(3);
    }
}
