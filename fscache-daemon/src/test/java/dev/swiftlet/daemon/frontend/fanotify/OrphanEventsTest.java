package dev.swiftlet.daemon.frontend.fanotify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swiftlet.rafs.testing.KernelWaits;
import dev.swiftlet.sys.Fd;
import dev.swiftlet.sys.fanotify.FanotifyGroup;
import dev.swiftlet.sys.fanotify.PreAccessEvent;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An event read and then lost (its reader's listener "died" before journaling it: here its fd is closed unanswered)
 * is failed with EIO by the successor's sweep, and a later read succeeds with a new event. Needs root and Linux 6.14+
 * with ext4 under /var/tmp.
 */
class OrphanEventsTest {
    private Path dir;
    /** The reader's own platform thread: its kernel stack tells whether it is held. */
    private final ExecutorService platformThread = Executors.newSingleThreadExecutor();

    @BeforeEach
    void setUp() throws Exception {
        assertThat(ProcessHandle.current().info().user().orElse(""))
                .as("fanotify needs root")
                .isEqualTo("root");
        dir = Files.createTempDirectory(Path.of("/var/tmp"), "swiftlet-orphans-");
    }

    @AfterEach
    void tearDown() throws Exception {
        platformThread.shutdownNow();
        new ProcessBuilder("rm", "-rf", dir.toString()).start().waitFor();
    }

    @Test
    void aReadButUnjournaledEventGetsEioAndARetryIsServed() throws Exception {
        Path f = dir.resolve("cache");
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {0}), (1 << 20) - 1);
        }
        try (FanotifyGroup group = FanotifyGroup.create(true, true)) {
            group.markPreAccess(f);
            java.util.concurrent.atomic.AtomicInteger readerTid = new java.util.concurrent.atomic.AtomicInteger();
            CountDownLatch tidKnown = new CountDownLatch(1);
            CompletableFuture<String> reader = CompletableFuture.supplyAsync(
                    () -> {
                        readerTid.set(KernelWaits.currentTid());
                        tidKnown.countDown();
                        return read(f);
                    },
                    platformThread);
            List<PreAccessEvent> events = List.of();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (events.isEmpty() && System.nanoTime() < deadline) {
                if (group.await(100)) events = group.read();
            }
            assertThat(events).hasSize(1);
            Fd.adopt(events.getFirst().fd()).close(); // the listener is gone: nobody will answer this number
            assertThat(tidKnown.await(10, TimeUnit.SECONDS)).isTrue();
            // held, not merely slow: the reader is found asleep in fanotify, waiting for an answer nobody will send
            KernelWaits.await(
                    readerTid.get(),
                    "fanotify",
                    reader::isDone,
                    Duration.ofSeconds(10),
                    "the reader of an unanswered event");

            assertThat(KeeperRecovery.denyOrphans(group, 0)).isEqualTo(1);
            assertThat(reader.get(5, TimeUnit.SECONDS)).contains("Input/output error");

            // a retry raises a new event: served normally
            CompletableFuture<String> retry = CompletableFuture.supplyAsync(() -> read(f));
            while (!retry.isDone() && System.nanoTime() < deadline) {
                if (!group.await(100)) continue;
                for (PreAccessEvent e : group.read()) {
                    try (Fd ignored = Fd.adopt(e.fd())) {
                        group.allow(e.fd());
                    }
                }
            }
            assertThat(retry.get(1, TimeUnit.SECONDS)).isEqualTo("read 4096");
            assertThat(KeeperRecovery.denyOrphans(group, 0))
                    .as("nothing pending any more")
                    .isZero();
            assertThatThrownBy(() -> group.allow(12345)).hasMessageContaining("ENOENT");
        }
    }

    private static String read(Path f) {
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            return "read " + ch.read(ByteBuffer.allocate(4096), 8192);
        } catch (Exception e) {
            return e.toString();
        }
    }
}
