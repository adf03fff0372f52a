// Hand-written in jextract's shape; regenerate with scripts/jextract.sh. Errno is captured (jextract cannot).
package dev.swiftlet.sys.raw;

import java.lang.foreign.*;
import java.lang.foreign.ValueLayout.*;
import java.lang.invoke.MethodHandle;

/**
 * libc: the canonical C layouts, the constants the daemon uses, and one static wrapper per function.
 * Raw layer: every function returns its C result or {@code -errno} and never throws. Internal: use
 * {@code dev.swiftlet.sys} instead.
 */
public final class Libc {
    Libc() {}

    public static final OfBoolean C_BOOL = ValueLayout.JAVA_BOOLEAN;
    public static final OfByte C_CHAR = ValueLayout.JAVA_BYTE;
    public static final OfShort C_SHORT = ValueLayout.JAVA_SHORT;
    public static final OfInt C_INT = ValueLayout.JAVA_INT;
    public static final OfLong C_LONG_LONG = ValueLayout.JAVA_LONG;
    public static final OfLong C_LONG = ValueLayout.JAVA_LONG;
    public static final AddressLayout C_POINTER = ValueLayout.ADDRESS.withTargetLayout(
            MemoryLayout.sequenceLayout(java.lang.Long.MAX_VALUE, ValueLayout.JAVA_BYTE));

    /** {@code <fcntl.h>}: a *at() call's directory fd meaning the current directory. */
    public static int AT_FDCWD() {
        return -100;
    }

    public static int O_RDONLY() {
        return 0;
    }

    public static int O_WRONLY() {
        return 1;
    }

    public static int O_RDWR() {
        return 2;
    }

    public static int O_CREAT() {
        return 0100;
    }

    public static int O_EXCL() {
        return 0200;
    }

    public static int O_TRUNC() {
        return 01000;
    }

    public static int O_APPEND() {
        return 02000;
    }

    public static int O_NONBLOCK() {
        return 04000;
    }

    public static int O_DIRECT() {
        return 040000;
    }

    public static int O_LARGEFILE() {
        return 0;
    }

    public static int O_DIRECTORY() {
        return 0200000;
    }

    public static int O_NOFOLLOW() {
        return 0400000;
    }

    public static int O_CLOEXEC() {
        return 02000000;
    }

    public static int SEEK_SET() {
        return 0;
    }

    public static int SEEK_CUR() {
        return 1;
    }

    public static int SEEK_END() {
        return 2;
    }

    /** {@code <sys/resource.h>}: the per-process limit on open file descriptors. */
    public static int RLIMIT_NOFILE() {
        return 7;
    }

    /** {@code <sys/resource.h>}: {@code (rlim_t) -1}, no limit. */
    public static long RLIM_INFINITY() {
        return -1L;
    }

    public static int SEEK_DATA() {
        return 3;
    }

    public static int SEEK_HOLE() {
        return 4;
    }

    public static int FALLOC_FL_KEEP_SIZE() {
        return 1;
    }

    public static int FALLOC_FL_PUNCH_HOLE() {
        return 2;
    }

    public static int POLLIN() {
        return 1;
    }

    public static int POLLPRI() {
        return 2;
    }

    public static int POLLOUT() {
        return 4;
    }

    public static int POLLERR() {
        return 8;
    }

    public static int POLLHUP() {
        return 16;
    }

    public static int POLLNVAL() {
        return 32;
    }

    public static int AF_UNIX() {
        return 1;
    }

    public static int SOCK_STREAM() {
        return 1;
    }

    public static int SOCK_SEQPACKET() {
        return 5;
    }

    public static int SOCK_DGRAM() {
        return 2;
    }

    public static int SOCK_CLOEXEC() {
        return 02000000;
    }

    public static int SOL_SOCKET() {
        return 1;
    }

    public static int SCM_RIGHTS() {
        return 1;
    }

    public static int MSG_CMSG_CLOEXEC() {
        return 0x40000000;
    }

    public static int FIONREAD() {
        return 0x541B;
    }

    public static int EPERM() {
        return 1;
    }

    public static int ENOENT() {
        return 2;
    }

    public static int ENOSYS() {
        return 38;
    }

    public static int EINTR() {
        return 4;
    }

    public static int EIO() {
        return 5;
    }

    public static int ENXIO() {
        return 6;
    }

    public static int EBADF() {
        return 9;
    }

    public static int EAGAIN() {
        return 11;
    }

    public static int ENOMEM() {
        return 12;
    }

    public static int EACCES() {
        return 13;
    }

    public static int EFAULT() {
        return 14;
    }

    public static int EBUSY() {
        return 16;
    }

    public static int EEXIST() {
        return 17;
    }

    public static int ENODEV() {
        return 19;
    }

    public static int ENOTDIR() {
        return 20;
    }

    public static int EISDIR() {
        return 21;
    }

    public static int EINVAL() {
        return 22;
    }

    public static int ENOTTY() {
        return 25;
    }

    public static int ENOSPC() {
        return 28;
    }

    public static int EROFS() {
        return 30;
    }

    public static int EMSGSIZE() {
        return 90;
    }

    public static int EOPNOTSUPP() {
        return 95;
    }

    public static int ENOBUFS() {
        return 105;
    }

    public static int EALREADY() {
        return 114;
    }

    public static int ETIMEDOUT() {
        return 110;
    }

    private static final class open {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_INT, C_INT);
        static final MemorySegment ADDR = Downcalls.address("open");
        static final MethodHandle HANDLE = Downcalls.errnoHandleVariadic("open", DESC, 2);
    }

    public static FunctionDescriptor open$descriptor() {
        return open.DESC;
    }

    public static MethodHandle open$handle() {
        return open.HANDLE;
    }

    public static MemorySegment open$address() {
        return open.ADDR;
    }

    /** {@snippet lang=c : int open(const char *pathname, int flags, ...); } Returns the result, or {@code -errno} on failure. */
    public static int open(MemorySegment pathname, int flags, int mode) {
        MemorySegment state = Downcalls.state();
        try {
            return Downcalls.result((int) open.HANDLE.invokeExact(state, pathname, flags, mode), state);
        } catch (Throwable t) {
            throw new AssertionError("open downcall failed", t);
        }
    }

    private static final class close {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT);
        static final MemorySegment ADDR = Downcalls.address("close");
        static final MethodHandle HANDLE = Downcalls.errnoHandle("close", DESC);
    }

    public static FunctionDescriptor close$descriptor() {
        return close.DESC;
    }

    public static MethodHandle close$handle() {
        return close.HANDLE;
    }

    public static MemorySegment close$address() {
        return close.ADDR;
    }

    /** {@snippet lang=c : int close(int fd); } Returns the result, or {@code -errno} on failure. */
    public static int close(int fd) {
        MemorySegment state = Downcalls.state();
        try {
            return Downcalls.result((int) close.HANDLE.invokeExact(state, fd), state);
        } catch (Throwable t) {
            throw new AssertionError("close downcall failed", t);
        }
    }

    private static final class read {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_LONG, C_INT, C_POINTER, C_LONG);
        static final MemorySegment ADDR = Downcalls.address("read");
        static final MethodHandle HANDLE = Downcalls.errnoHandle("read", DESC);
    }

    public static FunctionDescriptor read$descriptor() {
        return read.DESC;
    }

    public static MethodHandle read$handle() {
        return read.HANDLE;
    }

    public static MemorySegment read$address() {
        return read.ADDR;
    }

    /** {@snippet lang=c : ssize_t read(int fd, void *buf, size_t count); } Returns the result, or {@code -errno} on failure. */
    public static long read(int fd, MemorySegment buf, long count) {
        MemorySegment state = Downcalls.state();
        try {
            return Downcalls.result((long) read.HANDLE.invokeExact(state, fd, buf, count), state);
        } catch (Throwable t) {
            throw new AssertionError("read downcall failed", t);
        }
    }

    private static final class write {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_LONG, C_INT, C_POINTER, C_LONG);
        static final MemorySegment ADDR = Downcalls.address("write");
        static final MethodHandle HANDLE = Downcalls.errnoHandle("write", DESC);
    }

    public static FunctionDescriptor write$descriptor() {
        return write.DESC;
    }

    public static MethodHandle write$handle() {
        return write.HANDLE;
    }

    public static MemorySegment write$address() {
        return write.ADDR;
    }

    /** {@snippet lang=c : ssize_t write(int fd, const void *buf, size_t count); } Returns the result, or {@code -errno} on failure. */
    public static long write(int fd, MemorySegment buf, long count) {
        MemorySegment state = Downcalls.state();
        try {
            return Downcalls.result((long) write.HANDLE.invokeExact(state, fd, buf, count), state);
        } catch (Throwable t) {
            throw new AssertionError("write downcall failed", t);
        }
    }

    private static final class pread {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_LONG, C_INT, C_POINTER, C_LONG, C_LONG);
        static final MemorySegment ADDR = Downcalls.address("pread");
        static final MethodHandle HANDLE = Downcalls.errnoHandle("pread", DESC);
    }

    public static FunctionDescriptor pread$descriptor() {
        return pread.DESC;
    }

    public static MethodHandle pread$handle() {
        return pread.HANDLE;
    }

    public static MemorySegment pread$address() {
        return pread.ADDR;
    }

    /** {@snippet lang=c : ssize_t pread(int fd, void *buf, size_t count, off_t offset); } Returns the result, or {@code -errno} on failure. */
    public static long pread(int fd, MemorySegment buf, long count, long offset) {
        MemorySegment state = Downcalls.state();
        try {
            return Downcalls.result((long) pread.HANDLE.invokeExact(state, fd, buf, count, offset), state);
        } catch (Throwable t) {
            throw new AssertionError("pread downcall failed", t);
        }
    }

    private static final class pwrite {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_LONG, C_INT, C_POINTER, C_LONG, C_LONG);
        static final MemorySegment ADDR = Downcalls.address("pwrite");
        static final MethodHandle HANDLE = Downcalls.errnoHandle("pwrite", DESC);
    }

    public static FunctionDescriptor pwrite$descriptor() {
        return pwrite.DESC;
    }

    public static MethodHandle pwrite$handle() {
        return pwrite.HANDLE;
    }

    public static MemorySegment pwrite$address() {
        return pwrite.ADDR;
    }

    /** {@snippet lang=c : ssize_t pwrite(int fd, const void *buf, size_t count, off_t offset); } Returns the result, or {@code -errno} on failure. */
    public static long pwrite(int fd, MemorySegment buf, long count, long offset) {
        MemorySegment state = Downcalls.state();
        try {
            return Downcalls.result((long) pwrite.HANDLE.invokeExact(state, fd, buf, count, offset), state);
        } catch (Throwable t) {
            throw new AssertionError("pwrite downcall failed", t);
        }
    }

    private static final class ioctl {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_LONG, C_LONG);
        static final MemorySegment ADDR = Downcalls.address("ioctl");
        static final MethodHandle HANDLE = Downcalls.errnoHandleVariadic("ioctl", DESC, 2);
    }

    public static FunctionDescriptor ioctl$descriptor() {
        return ioctl.DESC;
    }

    public static MethodHandle ioctl$handle() {
        return ioctl.HANDLE;
    }

    public static MemorySegment ioctl$address() {
        return ioctl.ADDR;
    }

    /** {@snippet lang=c : int ioctl(int fd, unsigned long request, ...); // integer argument } Returns the result, or {@code -errno} on failure. */
    public static int ioctl(int fd, long request, long arg) {
        MemorySegment state = Downcalls.state();
        try {
            return Downcalls.result((int) ioctl.HANDLE.invokeExact(state, fd, request, arg), state);
        } catch (Throwable t) {
            throw new AssertionError("ioctl downcall failed", t);
        }
    }

    private static final class fallocate {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_INT, C_LONG, C_LONG);
        static final MemorySegment ADDR = Downcalls.address("fallocate");
        static final MethodHandle HANDLE = Downcalls.errnoHandle("fallocate", DESC);
    }

    public static FunctionDescriptor fallocate$descriptor() {
        return fallocate.DESC;
    }

    public static MethodHandle fallocate$handle() {
        return fallocate.HANDLE;
    }

    public static MemorySegment fallocate$address() {
        return fallocate.ADDR;
    }

    /** {@snippet lang=c : int fallocate(int fd, int mode, off_t offset, off_t len); } Returns the result, or {@code -errno} on failure. */
    public static int fallocate(int fd, int mode, long offset, long len) {
        MemorySegment state = Downcalls.state();
        try {
            return Downcalls.result((int) fallocate.HANDLE.invokeExact(state, fd, mode, offset, len), state);
        } catch (Throwable t) {
            throw new AssertionError("fallocate downcall failed", t);
        }
    }

    private static final class ftruncate {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_LONG);
        static final MemorySegment ADDR = Downcalls.address("ftruncate");
        static final MethodHandle HANDLE = Downcalls.errnoHandle("ftruncate", DESC);
    }

    public static FunctionDescriptor ftruncate$descriptor() {
        return ftruncate.DESC;
    }

    public static MethodHandle ftruncate$handle() {
        return ftruncate.HANDLE;
    }

    public static MemorySegment ftruncate$address() {
        return ftruncate.ADDR;
    }

    /** {@snippet lang=c : int ftruncate(int fd, off_t length); } Returns the result, or {@code -errno} on failure. */
    public static int ftruncate(int fd, long length) {
        MemorySegment state = Downcalls.state();
        try {
            return Downcalls.result((int) ftruncate.HANDLE.invokeExact(state, fd, length), state);
        } catch (Throwable t) {
            throw new AssertionError("ftruncate downcall failed", t);
        }
    }

    private static final class lseek {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_LONG, C_INT, C_LONG, C_INT);
        static final MemorySegment ADDR = Downcalls.address("lseek");
        static final MethodHandle HANDLE = Downcalls.errnoHandle("lseek", DESC);
    }

    public static FunctionDescriptor lseek$descriptor() {
        return lseek.DESC;
    }

    public static MethodHandle lseek$handle() {
        return lseek.HANDLE;
    }

    public static MemorySegment lseek$address() {
        return lseek.ADDR;
    }

    /** {@snippet lang=c : off_t lseek(int fd, off_t offset, int whence); } Returns the result, or {@code -errno} on failure. */
    public static long lseek(int fd, long offset, int whence) {
        MemorySegment state = Downcalls.state();
        try {
            return Downcalls.result((long) lseek.HANDLE.invokeExact(state, fd, offset, whence), state);
        } catch (Throwable t) {
            throw new AssertionError("lseek downcall failed", t);
        }
    }

    private static final class poll {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_LONG, C_INT);
        static final MemorySegment ADDR = Downcalls.address("poll");
        static final MethodHandle HANDLE = Downcalls.errnoHandle("poll", DESC);
    }

    public static FunctionDescriptor poll$descriptor() {
        return poll.DESC;
    }

    public static MethodHandle poll$handle() {
        return poll.HANDLE;
    }

    public static MemorySegment poll$address() {
        return poll.ADDR;
    }

    /** {@snippet lang=c : int poll(struct pollfd *fds, nfds_t nfds, int timeout); } Returns the result, or {@code -errno} on failure. */
    public static int poll(MemorySegment fds, long nfds, int timeout) {
        MemorySegment state = Downcalls.state();
        try {
            return Downcalls.result((int) poll.HANDLE.invokeExact(state, fds, nfds, timeout), state);
        } catch (Throwable t) {
            throw new AssertionError("poll downcall failed", t);
        }
    }

    private static final class fchdir {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT);
        static final MemorySegment ADDR = Downcalls.address("fchdir");
        static final MethodHandle HANDLE = Downcalls.errnoHandle("fchdir", DESC);
    }

    public static FunctionDescriptor fchdir$descriptor() {
        return fchdir.DESC;
    }

    public static MethodHandle fchdir$handle() {
        return fchdir.HANDLE;
    }

    public static MemorySegment fchdir$address() {
        return fchdir.ADDR;
    }

    /** {@snippet lang=c : int fchdir(int fd); } Returns the result, or {@code -errno} on failure. */
    public static int fchdir(int fd) {
        MemorySegment state = Downcalls.state();
        try {
            return Downcalls.result((int) fchdir.HANDLE.invokeExact(state, fd), state);
        } catch (Throwable t) {
            throw new AssertionError("fchdir downcall failed", t);
        }
    }

    private static final class socket {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_INT, C_INT);
        static final MemorySegment ADDR = Downcalls.address("socket");
        static final MethodHandle HANDLE = Downcalls.errnoHandle("socket", DESC);
    }

    public static FunctionDescriptor socket$descriptor() {
        return socket.DESC;
    }

    public static MethodHandle socket$handle() {
        return socket.HANDLE;
    }

    public static MemorySegment socket$address() {
        return socket.ADDR;
    }

    /** {@snippet lang=c : int socket(int domain, int type, int protocol); } Returns the result, or {@code -errno} on failure. */
    public static int socket(int domain, int type, int protocol) {
        MemorySegment state = Downcalls.state();
        try {
            return Downcalls.result((int) socket.HANDLE.invokeExact(state, domain, type, protocol), state);
        } catch (Throwable t) {
            throw new AssertionError("socket downcall failed", t);
        }
    }

    private static final class socketpair {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_INT, C_INT, C_POINTER);
        static final MemorySegment ADDR = Downcalls.address("socketpair");
        static final MethodHandle HANDLE = Downcalls.errnoHandle("socketpair", DESC);
    }

    public static FunctionDescriptor socketpair$descriptor() {
        return socketpair.DESC;
    }

    public static MethodHandle socketpair$handle() {
        return socketpair.HANDLE;
    }

    public static MemorySegment socketpair$address() {
        return socketpair.ADDR;
    }

    /** {@snippet lang=c : int socketpair(int domain, int type, int protocol, int sv[2]); } Returns the result, or {@code -errno} on failure. */
    public static int socketpair(int domain, int type, int protocol, MemorySegment sv) {
        MemorySegment state = Downcalls.state();
        try {
            return Downcalls.result((int) socketpair.HANDLE.invokeExact(state, domain, type, protocol, sv), state);
        } catch (Throwable t) {
            throw new AssertionError("socketpair downcall failed", t);
        }
    }

    private static final class bind {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_INT);
        static final MemorySegment ADDR = Downcalls.address("bind");
        static final MethodHandle HANDLE = Downcalls.errnoHandle("bind", DESC);
    }

    public static FunctionDescriptor bind$descriptor() {
        return bind.DESC;
    }

    public static MethodHandle bind$handle() {
        return bind.HANDLE;
    }

    public static MemorySegment bind$address() {
        return bind.ADDR;
    }

    /** {@snippet lang=c : int bind(int sockfd, const struct sockaddr *addr, socklen_t addrlen); } Returns the result, or {@code -errno} on failure. */
    public static int bind(int sockfd, MemorySegment addr, int addrlen) {
        MemorySegment state = Downcalls.state();
        try {
            return Downcalls.result((int) bind.HANDLE.invokeExact(state, sockfd, addr, addrlen), state);
        } catch (Throwable t) {
            throw new AssertionError("bind downcall failed", t);
        }
    }

    private static final class listen {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_INT);
        static final MemorySegment ADDR = Downcalls.address("listen");
        static final MethodHandle HANDLE = Downcalls.errnoHandle("listen", DESC);
    }

    public static FunctionDescriptor listen$descriptor() {
        return listen.DESC;
    }

    public static MethodHandle listen$handle() {
        return listen.HANDLE;
    }

    public static MemorySegment listen$address() {
        return listen.ADDR;
    }

    /** {@snippet lang=c : int listen(int sockfd, int backlog); } Returns the result, or {@code -errno} on failure. */
    public static int listen(int sockfd, int backlog) {
        MemorySegment state = Downcalls.state();
        try {
            return Downcalls.result((int) listen.HANDLE.invokeExact(state, sockfd, backlog), state);
        } catch (Throwable t) {
            throw new AssertionError("listen downcall failed", t);
        }
    }

    private static final class accept4 {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_POINTER, C_INT);
        static final MemorySegment ADDR = Downcalls.address("accept4");
        static final MethodHandle HANDLE = Downcalls.errnoHandle("accept4", DESC);
    }

    public static FunctionDescriptor accept4$descriptor() {
        return accept4.DESC;
    }

    public static MethodHandle accept4$handle() {
        return accept4.HANDLE;
    }

    public static MemorySegment accept4$address() {
        return accept4.ADDR;
    }

    /** {@snippet lang=c : int accept4(int sockfd, struct sockaddr *addr, socklen_t *addrlen, int flags); } Returns the result, or {@code -errno} on failure. */
    public static int accept4(int sockfd, MemorySegment addr, MemorySegment addrlen, int flags) {
        MemorySegment state = Downcalls.state();
        try {
            return Downcalls.result((int) accept4.HANDLE.invokeExact(state, sockfd, addr, addrlen, flags), state);
        } catch (Throwable t) {
            throw new AssertionError("accept4 downcall failed", t);
        }
    }

    private static final class connect {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_INT);
        static final MemorySegment ADDR = Downcalls.address("connect");
        static final MethodHandle HANDLE = Downcalls.errnoHandle("connect", DESC);
    }

    public static FunctionDescriptor connect$descriptor() {
        return connect.DESC;
    }

    public static MethodHandle connect$handle() {
        return connect.HANDLE;
    }

    public static MemorySegment connect$address() {
        return connect.ADDR;
    }

    /** {@snippet lang=c : int connect(int sockfd, const struct sockaddr *addr, socklen_t addrlen); } Returns the result, or {@code -errno} on failure. */
    public static int connect(int sockfd, MemorySegment addr, int addrlen) {
        MemorySegment state = Downcalls.state();
        try {
            return Downcalls.result((int) connect.HANDLE.invokeExact(state, sockfd, addr, addrlen), state);
        } catch (Throwable t) {
            throw new AssertionError("connect downcall failed", t);
        }
    }

    private static final class sendmsg {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_LONG, C_INT, C_POINTER, C_INT);
        static final MemorySegment ADDR = Downcalls.address("sendmsg");
        static final MethodHandle HANDLE = Downcalls.errnoHandle("sendmsg", DESC);
    }

    public static FunctionDescriptor sendmsg$descriptor() {
        return sendmsg.DESC;
    }

    public static MethodHandle sendmsg$handle() {
        return sendmsg.HANDLE;
    }

    public static MemorySegment sendmsg$address() {
        return sendmsg.ADDR;
    }

    /** {@snippet lang=c : ssize_t sendmsg(int sockfd, const struct msghdr *msg, int flags); } Returns the result, or {@code -errno} on failure. */
    public static long sendmsg(int sockfd, MemorySegment msg, int flags) {
        MemorySegment state = Downcalls.state();
        try {
            return Downcalls.result((long) sendmsg.HANDLE.invokeExact(state, sockfd, msg, flags), state);
        } catch (Throwable t) {
            throw new AssertionError("sendmsg downcall failed", t);
        }
    }

    private static final class recvmsg {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_LONG, C_INT, C_POINTER, C_INT);
        static final MemorySegment ADDR = Downcalls.address("recvmsg");
        static final MethodHandle HANDLE = Downcalls.errnoHandle("recvmsg", DESC);
    }

    public static FunctionDescriptor recvmsg$descriptor() {
        return recvmsg.DESC;
    }

    public static MethodHandle recvmsg$handle() {
        return recvmsg.HANDLE;
    }

    public static MemorySegment recvmsg$address() {
        return recvmsg.ADDR;
    }

    /** {@snippet lang=c : ssize_t recvmsg(int sockfd, struct msghdr *msg, int flags); } Returns the result, or {@code -errno} on failure. */
    public static long recvmsg(int sockfd, MemorySegment msg, int flags) {
        MemorySegment state = Downcalls.state();
        try {
            return Downcalls.result((long) recvmsg.HANDLE.invokeExact(state, sockfd, msg, flags), state);
        } catch (Throwable t) {
            throw new AssertionError("recvmsg downcall failed", t);
        }
    }

    private static final class getrlimit {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_POINTER);
        static final MemorySegment ADDR = Downcalls.address("getrlimit");
        static final MethodHandle HANDLE = Downcalls.errnoHandle("getrlimit", DESC);
    }

    public static FunctionDescriptor getrlimit$descriptor() {
        return getrlimit.DESC;
    }

    public static MethodHandle getrlimit$handle() {
        return getrlimit.HANDLE;
    }

    public static MemorySegment getrlimit$address() {
        return getrlimit.ADDR;
    }

    /** {@snippet lang=c : int getrlimit(int resource, struct rlimit *rlim); } Returns the result, or {@code -errno} on failure. */
    public static int getrlimit(int resource, MemorySegment rlim) {
        MemorySegment state = Downcalls.state();
        try {
            return Downcalls.result((int) getrlimit.HANDLE.invokeExact(state, resource, rlim), state);
        } catch (Throwable t) {
            throw new AssertionError("getrlimit downcall failed", t);
        }
    }

    private static final class setrlimit {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_POINTER);
        static final MemorySegment ADDR = Downcalls.address("setrlimit");
        static final MethodHandle HANDLE = Downcalls.errnoHandle("setrlimit", DESC);
    }

    public static FunctionDescriptor setrlimit$descriptor() {
        return setrlimit.DESC;
    }

    public static MethodHandle setrlimit$handle() {
        return setrlimit.HANDLE;
    }

    public static MemorySegment setrlimit$address() {
        return setrlimit.ADDR;
    }

    /** {@snippet lang=c : int setrlimit(int resource, const struct rlimit *rlim); } Returns the result, or {@code -errno} on failure. */
    public static int setrlimit(int resource, MemorySegment rlim) {
        MemorySegment state = Downcalls.state();
        try {
            return Downcalls.result((int) setrlimit.HANDLE.invokeExact(state, resource, rlim), state);
        } catch (Throwable t) {
            throw new AssertionError("setrlimit downcall failed", t);
        }
    }

    private static final class strerror {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_INT);
        static final MethodHandle HANDLE = Downcalls.plainHandle("strerror", DESC);
    }

    /** {@snippet lang=c : char *strerror(int errnum); } The returned segment is already sized to the string. */
    public static MemorySegment strerror(int errnum) {
        try {
            return (MemorySegment) strerror.HANDLE.invokeExact(errnum);
        } catch (Throwable t) {
            throw new AssertionError("strerror downcall failed", t);
        }
    }

    // ---- <sys/mman.h>, <sys/eventfd.h>: io_uring rings, ublk descriptor arrays and I/O buffers

    public static int PROT_READ() {
        return 1;
    }

    public static int PROT_WRITE() {
        return 2;
    }

    public static int MAP_SHARED() {
        return 1;
    }

    public static int MAP_PRIVATE() {
        return 2;
    }

    public static int MAP_ANONYMOUS() {
        return 0x20;
    }

    public static int MAP_NORESERVE() {
        return 0x4000;
    }

    public static int MAP_POPULATE() {
        return 0x8000;
    }

    public static int EFD_CLOEXEC() {
        return 02000000;
    }

    private static final class mmap {
        static final FunctionDescriptor DESC =
                FunctionDescriptor.of(C_POINTER, C_POINTER, C_LONG, C_INT, C_INT, C_INT, C_LONG);
        static final MethodHandle HANDLE = Downcalls.errnoHandle("mmap", DESC);
    }

    /**
     * {@snippet lang=c : void *mmap(void *addr, size_t length, int prot, int flags, int fd, off_t offset); }
     * Returns the mapping's address, or {@code -errno} (MAP_FAILED is (void *) -1, never a valid address here).
     */
    public static long mmap(long length, int prot, int flags, int fd, long offset) {
        MemorySegment state = Downcalls.state();
        try {
            MemorySegment r =
                    (MemorySegment) mmap.HANDLE.invokeExact(state, MemorySegment.NULL, length, prot, flags, fd, offset);
            return r.address() == -1L ? -Downcalls.errno(state) : r.address();
        } catch (Throwable t) {
            throw new AssertionError("mmap downcall failed", t);
        }
    }

    private static final class munmap {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_LONG);
        static final MethodHandle HANDLE = Downcalls.errnoHandle("munmap", DESC);
    }

    /** {@snippet lang=c : int munmap(void *addr, size_t length); } Returns 0, or {@code -errno}. */
    public static int munmap(long address, long length) {
        MemorySegment state = Downcalls.state();
        try {
            return Downcalls.result(
                    (int) munmap.HANDLE.invokeExact(state, MemorySegment.ofAddress(address), length), state);
        } catch (Throwable t) {
            throw new AssertionError("munmap downcall failed", t);
        }
    }

    private static final class eventfd {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_INT);
        static final MethodHandle HANDLE = Downcalls.errnoHandle("eventfd", DESC);
    }

    /** {@snippet lang=c : int eventfd(unsigned int initval, int flags); } Returns the fd, or {@code -errno}. */
    public static int eventfd(int initval, int flags) {
        MemorySegment state = Downcalls.state();
        try {
            return Downcalls.result((int) eventfd.HANDLE.invokeExact(state, initval, flags), state);
        } catch (Throwable t) {
            throw new AssertionError("eventfd downcall failed", t);
        }
    }
}
