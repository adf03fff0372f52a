package dev.swiftlet.daemon.frontend.cachefiles;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swiftlet.fetch.plan.DirectBuffers;
import dev.swiftlet.sys.Fd;
import dev.swiftlet.sys.Pages;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bootstrap object's fills and the anon-fd writer: what reaches the kernel is page-aligned and zero-padded,
 * even when the shared buffer pool hands out a buffer some earlier user left dirty.
 */
class BootstrapCacheTest {
    @TempDir
    Path tmp;

    private final byte[] bootstrap = new byte[5000];

    @BeforeEach
    void dirtyThePool() {
        new Random(7).nextBytes(bootstrap);
        ByteBuffer dirty = DirectBuffers.SHARED.take(8192);
        while (dirty.hasRemaining()) dirty.put((byte) 0xEE);
        DirectBuffers.SHARED.give(dirty);
    }

    @Test
    void aFillIsOneAlignedWriteOfTheCoveringPagesWithTheTailZeroed() throws Exception {
        Path file = tmp.resolve("image.boot");
        Files.write(file, bootstrap);
        byte[][] written = new byte[1][];
        long[] at = {-1};
        new BootstrapCache(file, bootstrap.length).fill(4100, 10, (offset, data) -> {
            assertThat(data.isDirect()).isTrue();
            assertThat(Pages.isAligned(MemorySegment.ofBuffer(data).address()))
                    .as("no copy needed to write it")
                    .isTrue();
            at[0] = offset;
            written[0] = new byte[data.remaining()];
            data.get(written[0]);
        });
        assertThat(at[0]).isEqualTo(4096);
        assertThat(written[0]).hasSize(4096);
        assertThat(Arrays.copyOfRange(written[0], 0, 5000 - 4096)).isEqualTo(Arrays.copyOfRange(bootstrap, 4096, 5000));
        assertThat(Arrays.copyOfRange(written[0], 5000 - 4096, 4096)).containsOnly(0);
    }

    @Test
    void anUnalignedBufferIsCopiedAndZeroPadded() throws Exception {
        Path file = tmp.resolve("backing");
        Files.write(file, new byte[0]);
        try (Fd fd = Fd.openForReadWrite(file)) {
            new AnonFdWriter(fd).write(4096, ByteBuffer.wrap(bootstrap, 0, 100)); // a heap buffer of 100 bytes
        }
        byte[] back = Files.readAllBytes(file);
        assertThat(back).hasSize(8192);
        assertThat(Arrays.copyOfRange(back, 4096, 4196)).isEqualTo(Arrays.copyOf(bootstrap, 100));
        assertThat(Arrays.copyOfRange(back, 4196, 8192)).containsOnly(0);
    }
}
