package dev.swiftlet.sys.unix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swiftlet.sys.Errno;
import dev.swiftlet.sys.Fd;
import dev.swiftlet.sys.NativeException;
import dev.swiftlet.sys.raw.Libc;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sd_notify datagrams arrive intact at a real AF_UNIX datagram socket, by path and by abstract name. */
class SdNotifyTest {
    @TempDir
    Path tmp;

    /** A bound datagram socket: {@code name} is a path or {@code @abstract}. */
    static Fd bound(Arena a, String name) throws NativeException {
        Fd s = Fd.adopt(Errno.check(Libc.socket(Libc.AF_UNIX(), Libc.SOCK_DGRAM() | Libc.SOCK_CLOEXEC(), 0), "socket"));
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        MemorySegment addr = a.allocate(110);
        addr.set(ValueLayout.JAVA_SHORT, 0, (short) Libc.AF_UNIX());
        MemorySegment.copy(n, 0, addr, ValueLayout.JAVA_BYTE, 2, n.length);
        boolean abs = n[0] == '@';
        if (abs) addr.set(ValueLayout.JAVA_BYTE, 2, (byte) 0);
        Errno.check(Libc.bind(s.intValue(), addr, 2 + n.length + (abs ? 0 : 1)), "bind");
        return s;
    }

    static String receive(Arena a, Fd s) throws NativeException {
        MemorySegment buf = a.allocate(4096);
        long n = Errno.check(Libc.read(s.intValue(), buf, 4096), "read");
        return new String(buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
    }

    @Test
    void readinessArrivesAtAPathSocket() throws Exception {
        String path = tmp.resolve("notify.sock").toString();
        try (Arena a = Arena.ofConfined();
                Fd s = bound(a, path)) {
            SdNotify.send(path, "READY=1\nSTATUS=serving");
            assertThat(receive(a, s)).isEqualTo("READY=1\nSTATUS=serving");
        }
    }

    @Test
    void readinessArrivesAtAnAbstractSocket() throws Exception {
        String name = "@swiftlet-test-" + ProcessHandle.current().pid();
        try (Arena a = Arena.ofConfined();
                Fd s = bound(a, name)) {
            SdNotify.send(name, "STOPPING=1");
            assertThat(receive(a, s)).isEqualTo("STOPPING=1");
        }
    }

    @Test
    void aMissingSocketIsANamedError() {
        assertThatThrownBy(() -> SdNotify.send(tmp.resolve("nobody").toString(), "READY=1"))
                .isInstanceOf(NativeException.class)
                .hasMessageContaining("connect");
    }
}
