package dev.swiftlet.sys;

import static dev.swiftlet.sys.raw.Libc.*;

import dev.swiftlet.sys.raw.Libc;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A file descriptor that closes exactly once (a CAS on its state, like netty's FileDescriptor), or a
 * borrowed one that this process must never close (e.g. an fd the kernel lent us for a request that some
 * other owner closes). Calls name themselves and their arguments in their exceptions.
 */
public final class Fd implements AutoCloseable {
    private static final int OPEN = 0, CLOSED = 1;

    private final int fd;
    private final boolean owned;
    private final AtomicInteger state = new AtomicInteger(OPEN);

    private Fd(int fd, boolean owned) {
        if (fd < 0) throw new IllegalArgumentException("negative fd " + fd);
        this.fd = fd;
        this.owned = owned;
    }

    /** Takes ownership of {@code fd}: {@link #close()} closes it. */
    public static Fd adopt(int fd) {
        return new Fd(fd, true);
    }

    /** Wraps {@code fd} without ownership: {@link #close()} only marks this wrapper unusable. */
    public static Fd borrow(int fd) {
        return new Fd(fd, false);
    }

    public static Fd open(Path path, int flags, int mode) throws NativeException {
        try (Arena a = Arena.ofConfined()) {
            int r = Libc.open(a.allocateFrom(path.toString()), flags | O_CLOEXEC(), mode);
            return adopt(Errno.check(r, "open(" + path + ", flags=0" + Integer.toOctalString(flags) + ")"));
        }
    }

    public static Fd open(Path path, int flags) throws NativeException {
        return open(path, flags, 0);
    }

    /** open(2) with {@code O_RDONLY}. */
    public static Fd openForReading(Path path) throws NativeException {
        return open(path, O_RDONLY());
    }

    /** open(2) with {@code O_RDWR}: the file must exist. */
    public static Fd openForReadWrite(Path path) throws NativeException {
        return open(path, O_RDWR());
    }

    /** open(2) of a directory ({@code O_RDONLY | O_DIRECTORY}): fails with ENOTDIR for anything else. */
    public static Fd openDirectory(Path path) throws NativeException {
        return open(path, O_RDONLY() | O_DIRECTORY());
    }

    /** The number, for the kernel protocols that send or expect it. */
    public int intValue() {
        return fd;
    }

    public boolean isOpen() {
        return state.get() == OPEN;
    }

    private void ensureOpen(String call) throws NativeException {
        if (state.get() != OPEN) throw new NativeException(call + " on closed " + this, EBADF());
    }

    /** One pread(2); returns the byte count (0 at end of file). */
    public long pread(MemorySegment buf, long offset) throws NativeException {
        ensureOpen("pread");
        return Errno.check(
                Libc.pread(fd, buf, buf.byteSize(), offset),
                "pread(fd=" + fd + ", len=" + buf.byteSize() + ", off=" + offset + ")");
    }

    /** Reads until {@code buf} is full or end of file; returns the bytes read. */
    public long preadFully(MemorySegment buf, long offset) throws NativeException {
        long done = 0;
        while (done < buf.byteSize()) {
            long n = pread(buf.asSlice(done), offset + done);
            if (n == 0) break;
            done += n;
        }
        return done;
    }

    /** One pwrite(2); returns the byte count. */
    public long pwrite(MemorySegment buf, long offset) throws NativeException {
        ensureOpen("pwrite");
        return Errno.check(
                Libc.pwrite(fd, buf, buf.byteSize(), offset),
                "pwrite(fd=" + fd + ", len=" + buf.byteSize() + ", off=" + offset + ")");
    }

    /** Writes all of {@code buf} at {@code offset} (short writes are continued). */
    public void pwriteFully(MemorySegment buf, long offset) throws NativeException {
        long done = 0;
        while (done < buf.byteSize()) {
            long n = pwrite(buf.asSlice(done), offset + done);
            if (n == 0) throw new NativeException("pwrite(fd=" + fd + ") wrote nothing at " + (offset + done), EIO());
            done += n;
        }
    }

    /** Writes the remaining bytes of a direct buffer at {@code offset}; the buffer's position is not moved. */
    public void pwriteFully(ByteBuffer direct, long offset) throws NativeException {
        if (!direct.isDirect()) throw new IllegalArgumentException("pwrite needs a direct buffer");
        pwriteFully(MemorySegment.ofBuffer(direct), offset);
    }

    public long read(MemorySegment buf) throws NativeException {
        ensureOpen("read");
        return Errno.check(Libc.read(fd, buf, buf.byteSize()), "read(fd=" + fd + ", len=" + buf.byteSize() + ")");
    }

    /** read(2) returning {@code -errno} instead of throwing, for loops where EAGAIN is a normal answer. */
    public long readRaw(MemorySegment buf) {
        return Libc.read(fd, buf, buf.byteSize());
    }

    public long write(MemorySegment buf) throws NativeException {
        ensureOpen("write");
        return Errno.check(Libc.write(fd, buf, buf.byteSize()), "write(fd=" + fd + ", len=" + buf.byteSize() + ")");
    }

    /** First offset at or after {@code offset} holding data, or -1 when only holes follow (ENXIO). */
    public long seekData(long offset) throws NativeException {
        return seek(offset, SEEK_DATA(), "SEEK_DATA");
    }

    /** First offset at or after {@code offset} inside a hole; the end of file counts as one. -1 past the end. */
    public long seekHole(long offset) throws NativeException {
        return seek(offset, SEEK_HOLE(), "SEEK_HOLE");
    }

    private long seek(long offset, int whence, String name) throws NativeException {
        ensureOpen("lseek");
        long r = Libc.lseek(fd, offset, whence);
        if (r == -ENXIO()) return -1;
        return Errno.check(r, "lseek(fd=" + fd + ", " + offset + ", " + name + ")");
    }

    public void fallocate(int mode, long offset, long length) throws NativeException {
        ensureOpen("fallocate");
        Errno.check(
                Libc.fallocate(fd, mode, offset, length),
                "fallocate(fd=" + fd + ", mode=" + mode + ", off=" + offset + ", len=" + length + ")");
    }

    /**
     * Frees the blocks of {@code [offset, offset+length)} and leaves a hole there; the file keeps its size
     * ({@code fallocate(FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE)}).
     */
    public void punchHole(long offset, long length) throws NativeException {
        fallocate(FALLOC_FL_PUNCH_HOLE() | FALLOC_FL_KEEP_SIZE(), offset, length);
    }

    public void truncate(long size) throws NativeException {
        ensureOpen("ftruncate");
        Errno.check(Libc.ftruncate(fd, size), "ftruncate(fd=" + fd + ", " + size + ")");
    }

    /** ioctl with an integer argument passed by value (CACHEFILES_IOC_READ_COMPLETE takes the msg_id so). */
    public int ioctl(long request, long arg) throws NativeException {
        ensureOpen("ioctl");
        return Errno.check(
                Libc.ioctl(fd, request, arg), "ioctl(fd=" + fd + ", 0x" + Long.toHexString(request) + ", " + arg + ")");
    }

    /**
     * Makes this directory the process's working directory (fchdir(2)). The working directory is process-wide:
     * callers serialise around it and restore the previous one.
     */
    public void makeWorkingDirectory() throws NativeException {
        ensureOpen("fchdir");
        Errno.check(Libc.fchdir(fd), "fchdir(fd=" + fd + ")");
    }

    /** Closes once; later calls do nothing. A borrowed fd is only marked closed here. */
    @Override
    public void close() throws NativeException {
        if (!state.compareAndSet(OPEN, CLOSED) || !owned) return;
        Errno.check(Libc.close(fd), "close(fd=" + fd + ")");
    }

    /** {@link #close()} for cleanup paths that already report another error. */
    public void closeQuietly() {
        try {
            close();
        } catch (NativeException ignored) {
            // the descriptor is released by the kernel even when close reports an error
        }
    }

    @Override
    public String toString() {
        return "Fd(" + fd + (owned ? "" : ", borrowed") + (isOpen() ? ")" : ", closed)");
    }
}
