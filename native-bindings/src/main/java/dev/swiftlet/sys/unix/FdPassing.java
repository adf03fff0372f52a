package dev.swiftlet.sys.unix;

import static dev.swiftlet.sys.raw.Libc.*;

import dev.swiftlet.sys.Errno;
import dev.swiftlet.sys.Fd;
import dev.swiftlet.sys.NativeException;
import dev.swiftlet.sys.raw.Libc;
import dev.swiftlet.sys.raw.cmsghdr;
import dev.swiftlet.sys.raw.iovec;
import dev.swiftlet.sys.raw.msghdr;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Passing descriptors over AF_UNIX sockets with SCM_RIGHTS: how the daemon hands its /dev/cachefiles fd
 * (or fanotify group fd) to a supervisor, and how a successor takes it back.
 */
public final class FdPassing {
    private static final int SUN_PATH_MAX = 108;

    private FdPassing() {}

    /** A data message with descriptors attached. */
    public record Received(byte[] data, List<Fd> fds) {}

    public static Fd[] socketPair() throws NativeException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment sv = a.allocate(ValueLayout.JAVA_INT, 2);
            Errno.check(Libc.socketpair(AF_UNIX(), SOCK_STREAM() | SOCK_CLOEXEC(), 0, sv), "socketpair(AF_UNIX)");
            return new Fd[] {
                Fd.adopt(sv.getAtIndex(ValueLayout.JAVA_INT, 0)), Fd.adopt(sv.getAtIndex(ValueLayout.JAVA_INT, 1))
            };
        }
    }

    /** Connects a stream socket to {@code path}. */
    public static Fd connect(Path path) throws NativeException {
        Fd s = Fd.adopt(Errno.check(Libc.socket(AF_UNIX(), SOCK_STREAM() | SOCK_CLOEXEC(), 0), "socket(AF_UNIX)"));
        try (Arena a = Arena.ofConfined()) {
            MemorySegment addr = sockaddr(a, path);
            Errno.check(Libc.connect(s.intValue(), addr, (int) addr.byteSize()), "connect(" + path + ")");
            return s;
        } catch (NativeException e) {
            s.closeQuietly();
            throw e;
        }
    }

    /** Binds and listens on {@code path} (which must not exist). */
    public static Fd listen(Path path) throws NativeException {
        Fd s = Fd.adopt(Errno.check(Libc.socket(AF_UNIX(), SOCK_STREAM() | SOCK_CLOEXEC(), 0), "socket(AF_UNIX)"));
        try (Arena a = Arena.ofConfined()) {
            MemorySegment addr = sockaddr(a, path);
            Errno.check(Libc.bind(s.intValue(), addr, (int) addr.byteSize()), "bind(" + path + ")");
            Errno.check(Libc.listen(s.intValue(), 16), "listen(" + path + ")");
            return s;
        } catch (NativeException e) {
            s.closeQuietly();
            throw e;
        }
    }

    public static Fd accept(Fd listener) throws NativeException {
        return Fd.adopt(Errno.check(
                Libc.accept4(listener.intValue(), MemorySegment.NULL, MemorySegment.NULL, SOCK_CLOEXEC()),
                "accept4(fd=" + listener.intValue() + ")"));
    }

    private static MemorySegment sockaddr(Arena a, Path path) throws NativeException {
        byte[] p = path.toString().getBytes(StandardCharsets.UTF_8);
        if (p.length >= SUN_PATH_MAX) throw new NativeException("sockaddr_un(" + path + "): path too long", 36);
        MemorySegment addr = a.allocate(2 + SUN_PATH_MAX);
        addr.set(ValueLayout.JAVA_SHORT, 0, (short) AF_UNIX());
        MemorySegment.copy(p, 0, addr, ValueLayout.JAVA_BYTE, 2, p.length);
        return addr;
    }

    /** Sends {@code data} (at least one byte) with {@code fds} attached in one SCM_RIGHTS message. */
    public static void send(Fd socket, byte[] data, Fd... fds) throws NativeException {
        if (data.length == 0) throw new IllegalArgumentException("SCM_RIGHTS needs at least one data byte");
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(data.length);
            MemorySegment.copy(data, 0, buf, ValueLayout.JAVA_BYTE, 0, data.length);
            MemorySegment iov = iovec.allocate(a);
            iovec.iov_base(iov, buf);
            iovec.iov_len(iov, data.length);
            MemorySegment msg = msghdr.allocate(a);
            msghdr.msg_iov(msg, iov);
            msghdr.msg_iovlen(msg, 1);
            if (fds.length > 0) {
                long cmsgLen = cmsghdr.sizeof() + 4L * fds.length;
                MemorySegment control = a.allocate((cmsgLen + 7) & -8L, 8);
                cmsghdr.cmsg_len(control, cmsgLen);
                cmsghdr.cmsg_level(control, SOL_SOCKET());
                cmsghdr.cmsg_type(control, SCM_RIGHTS());
                for (int i = 0; i < fds.length; i++) {
                    control.set(ValueLayout.JAVA_INT, cmsghdr.sizeof() + 4L * i, fds[i].intValue());
                }
                msghdr.msg_control(msg, control);
                msghdr.msg_controllen(msg, control.byteSize());
            }
            long n = Errno.check(
                    Libc.sendmsg(socket.intValue(), msg, 0), "sendmsg(fd=" + socket.intValue() + ", SCM_RIGHTS)");
            // the rest of a long state blob goes as plain data
            long done = n;
            while (done < data.length) {
                done += Errno.check(
                        Libc.write(socket.intValue(), buf.asSlice(done), data.length - done), "write(state)");
            }
        }
    }

    /** Receives one message of up to {@code maxData} bytes and the descriptors attached to it. */
    public static Received receive(Fd socket, int maxData, int maxFds) throws NativeException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(maxData);
            MemorySegment iov = iovec.allocate(a);
            iovec.iov_base(iov, buf);
            iovec.iov_len(iov, maxData);
            long controlSize = (cmsghdr.sizeof() + 4L * maxFds + 7) & -8L;
            MemorySegment control = a.allocate(controlSize, 8);
            MemorySegment msg = msghdr.allocate(a);
            msghdr.msg_iov(msg, iov);
            msghdr.msg_iovlen(msg, 1);
            msghdr.msg_control(msg, control);
            msghdr.msg_controllen(msg, controlSize);
            long n = Errno.check(
                    Libc.recvmsg(socket.intValue(), msg, MSG_CMSG_CLOEXEC()), "recvmsg(fd=" + socket.intValue() + ")");
            List<Fd> fds = new ArrayList<>();
            long clen = msghdr.msg_controllen(msg);
            if (clen >= cmsghdr.sizeof()
                    && cmsghdr.cmsg_level(control) == SOL_SOCKET()
                    && cmsghdr.cmsg_type(control) == SCM_RIGHTS()) {
                long count = (cmsghdr.cmsg_len(control) - cmsghdr.sizeof()) / 4;
                for (int i = 0; i < count; i++)
                    fds.add(Fd.adopt(control.get(ValueLayout.JAVA_INT, cmsghdr.sizeof() + 4L * i)));
            }
            return new Received(buf.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE), fds);
        }
    }
}
