package dev.swiftlet.sys.unix;

import static dev.swiftlet.sys.raw.Libc.AF_UNIX;
import static dev.swiftlet.sys.raw.Libc.SOCK_CLOEXEC;
import static dev.swiftlet.sys.raw.Libc.SOCK_DGRAM;

import dev.swiftlet.sys.Errno;
import dev.swiftlet.sys.Fd;
import dev.swiftlet.sys.NativeException;
import dev.swiftlet.sys.raw.Libc;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * systemd's readiness protocol (sd_notify(3)): one datagram of {@code KEY=value} lines to the socket named by
 * {@code $NOTIFY_SOCKET} (a path, or an abstract name when it starts with {@code @}). The JDK has no AF_UNIX
 * datagram channel, hence this. Without {@code $NOTIFY_SOCKET} (not started by systemd) it does nothing.
 */
public final class SdNotify {
    private static final int SUN_PATH_MAX = 108;

    private SdNotify() {}

    /** Sends {@code state} (e.g. {@code "READY=1"}) to {@code $NOTIFY_SOCKET}; false when the variable is unset. */
    public static boolean notify(String state) throws NativeException {
        String socket = System.getenv("NOTIFY_SOCKET");
        if (socket == null || socket.isEmpty()) return false;
        send(socket, state);
        return true;
    }

    /** Sends {@code state} as one datagram to the AF_UNIX socket {@code socket} ({@code @name}: abstract). */
    public static void send(String socket, String state) throws NativeException {
        byte[] name = socket.getBytes(StandardCharsets.UTF_8);
        if (name.length >= SUN_PATH_MAX) throw new NativeException("sd_notify: socket name too long: " + socket, 36);
        byte[] payload = state.getBytes(StandardCharsets.UTF_8);
        try (Fd s = Fd.adopt(Errno.check(
                        Libc.socket(AF_UNIX(), SOCK_DGRAM() | SOCK_CLOEXEC(), 0), "socket(AF_UNIX, SOCK_DGRAM)"));
                Arena a = Arena.ofConfined()) {
            MemorySegment addr = a.allocate(2 + SUN_PATH_MAX);
            addr.set(ValueLayout.JAVA_SHORT, 0, (short) AF_UNIX());
            boolean abstractName = name[0] == '@';
            MemorySegment.copy(name, 0, addr, ValueLayout.JAVA_BYTE, 2, name.length);
            if (abstractName) addr.set(ValueLayout.JAVA_BYTE, 2, (byte) 0);
            // an abstract name's length counts exactly its bytes; a path also carries its terminating NUL
            int length = 2 + name.length + (abstractName ? 0 : 1);
            Errno.check(Libc.connect(s.intValue(), addr, length), "connect(" + socket + ")");
            MemorySegment msg = a.allocateFrom(ValueLayout.JAVA_BYTE, payload);
            long sent = s.write(msg);
            if (sent != payload.length) throw new NativeException("sd_notify: short send to " + socket, 5);
        }
    }
}
