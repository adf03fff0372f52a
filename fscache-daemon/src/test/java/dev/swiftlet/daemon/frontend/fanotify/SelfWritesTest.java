package dev.swiftlet.daemon.frontend.fanotify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swiftlet.daemon.cache.CacheWriter;
import dev.swiftlet.sys.Fd;
import dev.swiftlet.sys.fanotify.FanotifyGroup;
import dev.swiftlet.sys.fanotify.PreAccessEvent;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The guard for writes through an fd opened after a mark: with FAN_REPORT_TID the event of such a write names the
 * writing thread, which {@link SelfWrites} recognises, while a reader thread of the same process is not recognised.
 * Needs root and Linux 6.14+ with ext4 under /var/tmp.
 */
class SelfWritesTest {
    private Path dir;

    @BeforeEach
    void setUp() throws Exception {
        assertThat(ProcessHandle.current().info().user().orElse(""))
                .as("fanotify needs root")
                .isEqualTo("root");
        dir = Files.createTempDirectory(Path.of("/var/tmp"), "swiftlet-selfwrites-");
    }

    @AfterEach
    void tearDown() throws Exception {
        new ProcessBuilder("rm", "-rf", dir.toString()).start().waitFor();
    }

    @Test
    void ownWriteIsRecognisedByThreadIdAndASameProcessReaderIsNot() throws Exception {
        Path f = dir.resolve("cache");
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {0}), (1 << 20) - 1);
        }
        SelfWrites self = new SelfWrites();
        try (FanotifyGroup group = FanotifyGroup.create(true, true)) {
            group.markPreAccess(f);
            Fd afterMark = Fd.openForReadWrite(f); // raises events on its own writes
            CacheWriter writer = self.around((off, data) -> afterMark.pwriteFully(data, off));
            AtomicInteger writerTid = new AtomicInteger(), readerTid = new AtomicInteger();
            // two distinct platform threads, both of this process, running at the same time
            java.util.concurrent.ExecutorService writerThread =
                    java.util.concurrent.Executors.newSingleThreadExecutor();
            java.util.concurrent.ExecutorService readerThread =
                    java.util.concurrent.Executors.newSingleThreadExecutor();
            CompletableFuture<Void> write = CompletableFuture.runAsync(
                    () -> {
                        writerTid.set(SelfWrites.currentTid());
                        try {
                            ByteBuffer page = ByteBuffer.allocateDirect(4096);
                            while (page.hasRemaining()) page.put((byte) 'W');
                            writer.write(0, page.flip());
                        } catch (Exception e) {
                            throw new RuntimeException(e);
                        }
                    },
                    writerThread);
            CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(
                    () -> {
                        readerTid.set(SelfWrites.currentTid());
                        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
                            ByteBuffer b = ByteBuffer.allocate(4096);
                            ch.read(b, 65536);
                            return b.array();
                        } catch (Exception e) {
                            throw new RuntimeException(e);
                        }
                    },
                    readerThread);
            int selfEvents = 0, otherEvents = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!(write.isDone() && read.isDone()) && System.nanoTime() < deadline) {
                if (!group.await(100)) continue;
                for (PreAccessEvent e : group.read()) {
                    try (Fd ignored = Fd.adopt(e.fd())) {
                        if (self.isSelf(e.pid())) {
                            assertThat(e.pid()).isEqualTo(writerTid.get());
                            selfEvents++;
                        } else {
                            assertThat(e.pid())
                                    .as("the reader's event names the reader thread")
                                    .isEqualTo(readerTid.get());
                            otherEvents++;
                        }
                        group.allow(e.fd());
                    }
                }
            }
            write.get(1, TimeUnit.SECONDS);
            read.get(1, TimeUnit.SECONDS);
            afterMark.close();
            writerThread.shutdown();
            readerThread.shutdown();
            assertThat(selfEvents)
                    .as("the write through a post-mark fd raised an event, recognised as ours")
                    .isPositive();
            assertThat(otherEvents)
                    .as("the reader's event is not taken for ours")
                    .isPositive();
            assertThat(writerTid.get()).isNotEqualTo(readerTid.get()).isNotEqualTo((int)
                    ProcessHandle.current().pid());
            assertThat(self.isSelf(writerTid.get()))
                    .as("only while the write runs")
                    .isFalse();
        }
    }
}
