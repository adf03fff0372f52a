package dev.swiftlet.sys;

import static dev.swiftlet.sys.raw.Libc.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class FdTest {
    /** ext4 on these machines; tmpfs would not show SEEK_DATA holes the same way and lacks O_DIRECT. */
    static Path scratchDir() throws Exception {
        Path d = Path.of("/var/tmp/swiftlet-test");
        Files.createDirectories(d);
        return Files.createTempDirectory(d, "fd");
    }

    @Test
    void aBadCallNamesTheCallAndTheErrno() throws Exception {
        Path f = scratchDir().resolve("closed");
        Files.writeString(f, "x");
        Fd fd = Fd.open(f, O_RDONLY());
        int number = fd.intValue();
        fd.close();
        fd.close(); // idempotent
        try (Arena a = Arena.ofConfined()) {
            // a wrapper over the same (now closed) number reaches the kernel and gets EBADF
            Fd stale = Fd.borrow(number);
            assertThatThrownBy(() -> stale.pread(a.allocate(16), 0))
                    .isInstanceOf(NativeException.class)
                    .hasMessageContaining("pread")
                    .hasMessageContaining("EBADF")
                    .satisfies(e -> assertThat(((NativeException) e).errno()).isEqualTo(EBADF()));
            assertThatThrownBy(() -> fd.pread(a.allocate(16), 0))
                    .hasMessageContaining("pread")
                    .hasMessageContaining("EBADF");
        }
        assertThatThrownBy(() -> Fd.open(f.resolveSibling("missing"), O_RDONLY()))
                .isInstanceOf(NativeException.class)
                .hasMessageContaining("ENOENT")
                .hasMessageContaining("missing");
    }

    @Test
    void preadPwriteHolesAndDirectIo() throws Exception {
        Path f = scratchDir().resolve("sparse");
        try (Fd fd = Fd.open(f, O_RDWR() | O_CREAT(), 0600);
                Arena a = Arena.ofConfined()) {
            fd.truncate(1 << 20);
            assertThat(fd.seekData(0)).isEqualTo(-1); // all hole
            MemorySegment page = a.allocate(4096, Pages.SIZE);
            page.fill((byte) 7);
            fd.pwriteFully(page, 65536);
            assertThat(fd.seekData(0)).isEqualTo(65536);
            assertThat(fd.seekHole(65536)).isEqualTo(69632);
            MemorySegment back = a.allocate(4096);
            assertThat(fd.preadFully(back, 65536)).isEqualTo(4096);
            assertThat(back.mismatch(page)).isEqualTo(-1);
            fd.fallocate(FALLOC_FL_PUNCH_HOLE() | FALLOC_FL_KEEP_SIZE(), 65536, 4096);
            fd.preadFully(back, 65536);
            assertThat(back.get(ValueLayout.JAVA_BYTE, 100)).isZero();
            assertThat(Files.size(f)).isEqualTo(1 << 20);
            // punchHole: the same call by name; the blocks go, the size stays
            fd.pwriteFully(page, 131072);
            assertThat(fd.seekData(0)).isEqualTo(131072);
            fd.punchHole(131072, 4096);
            assertThat(fd.seekData(0)).isEqualTo(-1);
            assertThat(Files.size(f)).isEqualTo(1 << 20);
        }
        try (Fd direct = Fd.open(f, O_RDWR() | O_DIRECT());
                Arena a = Arena.ofConfined()) {
            MemorySegment page = a.allocate(8192, Pages.SIZE);
            assertThat(page.address() % 4096).isZero();
            page.fill((byte) 'd');
            direct.pwriteFully(page, 8192);
            assertThat(Files.readAllBytes(f)[8192 + 8191]).isEqualTo((byte) 'd');
            assertThatThrownBy(() -> direct.pwrite(page.asSlice(1, 4096), 8192))
                    .isInstanceOf(NativeException.class)
                    .hasMessageContaining("EINVAL");
        }
    }

    @Test
    void readCompleteIoctlOnAPlainFileIsNotATty() throws Exception {
        Path f = scratchDir().resolve("plain");
        Files.writeString(f, "x");
        try (Fd fd = Fd.open(f, O_RDONLY())) {
            assertThatThrownBy(() -> fd.ioctl(dev.swiftlet.sys.raw.Cachefiles.CACHEFILES_IOC_READ_COMPLETE(), 1))
                    .isInstanceOf(NativeException.class)
                    .hasMessageContaining("ENOTTY")
                    .hasMessageContaining("0x40049801");
        }
    }
}
