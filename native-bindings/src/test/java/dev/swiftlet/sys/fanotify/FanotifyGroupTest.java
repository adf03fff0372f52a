package dev.swiftlet.sys.fanotify;

import static dev.swiftlet.sys.raw.Libc.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swiftlet.sys.Fd;
import dev.swiftlet.sys.Pages;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Real pre-content events on this host's kernel (6.14+, ext4 under /var/tmp, root). */
class FanotifyGroupTest {
    private static Path sparseFile(long size) throws IOException {
        Path d = Path.of("/var/tmp/swiftlet-test");
        Files.createDirectories(d);
        Path f = Files.createTempFile(d, "fan", ".cache");
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
            ch.truncate(size);
            ch.write(ByteBuffer.wrap(new byte[] {0}), size - 1); // sets the size; the rest stays a hole
        }
        return f;
    }

    private static CompletableFuture<byte[]> readInBackground(Path f, long offset, int length) {
        return CompletableFuture.supplyAsync(() -> {
            try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
                ByteBuffer b = ByteBuffer.allocate(length);
                ch.read(b, offset);
                return b.array();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @Test
    void fillsThroughTheEventFdThenAllows() throws Exception {
        Path f = sparseFile(1 << 20);
        try (FanotifyGroup group = FanotifyGroup.create(false)) {
            group.markPreAccess(f);
            CompletableFuture<byte[]> reader = readInBackground(f, 8192, 4096);
            AtomicReference<PreAccessEvent> seen = new AtomicReference<>();
            // answer events until the reader is done; fill the page it asked for through the event's own fd
            while (!reader.isDone()) {
                if (!group.await(200)) continue;
                for (PreAccessEvent e : group.read()) {
                    try (Fd eventFd = Fd.adopt(e.fd());
                            Arena a = Arena.ofConfined()) {
                        if (e.hasRange() && e.offset() <= 8192 && e.offset() + e.count() > 8192) {
                            seen.set(e);
                            MemorySegment page = a.allocate(4096, Pages.SIZE);
                            page.fill((byte) 'F');
                            eventFd.pwriteFully(page, 8192);
                        }
                        group.allow(e.fd());
                    }
                }
            }
            assertThat(reader.get(10, TimeUnit.SECONDS)).containsOnly((byte) 'F');
            assertThat(seen.get()).isNotNull();
            assertThat(seen.get().mask() & dev.swiftlet.sys.raw.Fanotify.FAN_PRE_ACCESS())
                    .isNotZero();
            assertThat(seen.get().pid()).isEqualTo((int) ProcessHandle.current().pid());
        }
    }

    @Test
    void denyWithEioFailsTheRead() throws Exception {
        Path f = sparseFile(1 << 20);
        try (FanotifyGroup group = FanotifyGroup.create(false)) {
            group.markPreAccess(f);
            CompletableFuture<byte[]> reader = readInBackground(f, 0, 4096);
            while (!reader.isDone()) {
                if (!group.await(200)) continue;
                for (PreAccessEvent e : group.read()) {
                    try (Fd ignored = Fd.adopt(e.fd())) {
                        group.deny(e.fd(), EIO());
                    }
                }
            }
            assertThatThrownBy(() -> reader.get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(java.io.UncheckedIOException.class)
                    .hasMessageContaining("Input/output error");
        }
    }

    @Test
    void markingTmpfsOrAMissingFileIsAClearError() throws Exception {
        try (FanotifyGroup group = FanotifyGroup.create(true)) {
            assertThatThrownBy(() -> group.markPreAccess(Path.of("/var/tmp/swiftlet-test/does-not-exist")))
                    .hasMessageContaining("fanotify_mark")
                    .hasMessageContaining("ENOENT");
            assertThat(group.read()).isEmpty(); // non-blocking, nothing queued
        }
    }
}
