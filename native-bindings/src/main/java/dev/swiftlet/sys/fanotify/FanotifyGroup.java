package dev.swiftlet.sys.fanotify;

import static dev.swiftlet.sys.raw.Fanotify.*;
import static dev.swiftlet.sys.raw.Libc.*;

import dev.swiftlet.sys.Errno;
import dev.swiftlet.sys.Fd;
import dev.swiftlet.sys.NativeException;
import dev.swiftlet.sys.raw.Fanotify;
import dev.swiftlet.sys.raw.Libc;
import dev.swiftlet.sys.raw.fanotify_event_info_header;
import dev.swiftlet.sys.raw.fanotify_event_info_range;
import dev.swiftlet.sys.raw.fanotify_event_metadata;
import dev.swiftlet.sys.raw.fanotify_response;
import dev.swiftlet.sys.raw.pollfd;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A fanotify pre-content group (Linux 6.14+). Every failure mode of a group fails open (readers get the
 * sparse file's zeros), so it is always created with {@code FAN_UNLIMITED_QUEUE} and its fd can be handed
 * to a keeper process. Event fds are opened {@code O_RDWR|O_LARGEFILE} so fills can be written through them.
 */
public final class FanotifyGroup implements AutoCloseable {
    private static final int EVENT_BUFFER = 64 * 1024;

    private final Fd fd;

    private FanotifyGroup(Fd fd) {
        this.fd = fd;
    }

    /** {@code nonBlocking}: reads return no events instead of waiting (use {@link #await}). */
    public static FanotifyGroup create(boolean nonBlocking) throws NativeException {
        return create(nonBlocking, false);
    }

    /**
     * {@code reportTid}: {@code FAN_REPORT_TID}, so each event's {@link PreAccessEvent#pid()} is the thread id of
     * the task that raised it (EROFS raises it in the reader's context): a listener can then recognise events
     * raised by its own writing threads exactly, without mistaking a reader thread of the same process for one.
     */
    public static FanotifyGroup create(boolean nonBlocking, boolean reportTid) throws NativeException {
        int flags = FAN_CLASS_PRE_CONTENT()
                | FAN_CLOEXEC()
                | FAN_UNLIMITED_QUEUE()
                | (nonBlocking ? FAN_NONBLOCK() : 0)
                | (reportTid ? FAN_REPORT_TID() : 0);
        int r = Fanotify.fanotify_init(flags, O_RDWR() | O_LARGEFILE());
        if (r == -EINVAL()) {
            throw new NativeException(
                    "fanotify_init(FAN_CLASS_PRE_CONTENT)",
                    -r,
                    "kernel lacks CONFIG_FANOTIFY_ACCESS_PERMISSIONS or pre-content support (Linux 6.14+)");
        }
        return new FanotifyGroup(Fd.adopt(Errno.check(r, "fanotify_init(FAN_CLASS_PRE_CONTENT)")));
    }

    /** Adopts a group fd kept by a supervisor across a daemon restart. */
    public static FanotifyGroup fromFd(int fd) {
        return new FanotifyGroup(Fd.adopt(fd));
    }

    public Fd fd() {
        return fd;
    }

    /** Marks {@code file} for FAN_PRE_ACCESS. Mark before the mount: later marks see no events. */
    public void markPreAccess(Path file) throws NativeException {
        mark(FAN_MARK_ADD(), file, "FAN_MARK_ADD");
    }

    /** Removes the mark (every later read goes straight to the file: only for complete files). */
    public void unmark(Path file) throws NativeException {
        mark(FAN_MARK_REMOVE(), file, "FAN_MARK_REMOVE");
    }

    private void mark(int op, Path file, String opName) throws NativeException {
        try (Arena a = Arena.ofConfined()) {
            int r = Fanotify.fanotify_mark(
                    fd.intValue(), op, FAN_PRE_ACCESS(), AT_FDCWD(), a.allocateFrom(file.toString()));
            String hint = r == -EINVAL()
                    ? "FAN_PRE_ACCESS needs Linux 6.14+ and a filesystem with pre-content support (ext4, xfs, btrfs; not tmpfs)"
                    : null;
            if (r < 0)
                throw new NativeException("fanotify_mark(" + opName + ", FAN_PRE_ACCESS, " + file + ")", -r, hint);
        }
    }

    /** Waits up to {@code timeoutMillis} for events; true when some can be read. */
    public boolean await(int timeoutMillis) throws NativeException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment p = pollfd.allocate(a);
            pollfd.fd(p, fd.intValue());
            pollfd.events(p, (short) POLLIN());
            int r = Libc.poll(p, 1, timeoutMillis);
            if (r == -EINTR()) return false;
            Errno.check(r, "poll(fanotify)");
            return r > 0;
        }
    }

    /** Reads the events that are queued (none: empty list when non-blocking). */
    public List<PreAccessEvent> read() throws IOException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(EVENT_BUFFER, 8);
            long n = fd.readRaw(buf);
            if (n == -EAGAIN() || n == -EINTR()) return List.of();
            Errno.check(n, "read(fanotify)");
            return parse(buf, n);
        }
    }

    /** Parses a buffer of events: metadata records, each followed by its info records. */
    static List<PreAccessEvent> parse(MemorySegment buf, long length) throws IOException {
        List<PreAccessEvent> events = new ArrayList<>();
        long pos = 0;
        long metaSize = fanotify_event_metadata.sizeof();
        while (pos + metaSize <= length) {
            MemorySegment m = buf.asSlice(pos, length - pos);
            long eventLen = Integer.toUnsignedLong(fanotify_event_metadata.event_len(m));
            int metaLen = Short.toUnsignedInt(fanotify_event_metadata.metadata_len(m));
            if (fanotify_event_metadata.vers(m) != FANOTIFY_METADATA_VERSION()) {
                throw new IOException("fanotify metadata version " + fanotify_event_metadata.vers(m) + ", expected "
                        + FANOTIFY_METADATA_VERSION());
            }
            if (eventLen < metaSize || metaLen < metaSize || metaLen > eventLen || pos + eventLen > length) {
                throw new IOException("malformed fanotify event at " + pos + " (event_len " + eventLen + ")");
            }
            long offset = -1, count = 0;
            long info = metaLen;
            long hdrSize = fanotify_event_info_header.sizeof();
            while (info + hdrSize <= eventLen) {
                MemorySegment h = m.asSlice(info, eventLen - info);
                int infoLen = Short.toUnsignedInt(fanotify_event_info_header.len(h));
                if (infoLen < hdrSize || info + infoLen > eventLen) break;
                if (fanotify_event_info_header.info_type(h) == FAN_EVENT_INFO_TYPE_RANGE()
                        && infoLen >= fanotify_event_info_range.sizeof()) {
                    offset = fanotify_event_info_range.offset(h);
                    count = fanotify_event_info_range.count(h);
                }
                info += infoLen;
            }
            events.add(new PreAccessEvent(
                    fanotify_event_metadata.fd(m),
                    fanotify_event_metadata.pid(m),
                    fanotify_event_metadata.mask(m),
                    offset,
                    count));
            pos += eventLen;
        }
        return events;
    }

    public void allow(int eventFd) throws NativeException {
        respond(eventFd, FAN_ALLOW(), "FAN_ALLOW");
    }

    /** Denies with {@code FAN_DENY_ERRNO(errno)}: the reader gets EIO (only some errnos are accepted). */
    public void deny(int eventFd, int errno) throws NativeException {
        respond(eventFd, FAN_DENY_ERRNO(errno), "FAN_DENY_ERRNO(" + Errno.name(errno) + ")");
    }

    /**
     * Answers FAN_DENY with {@code errno} the pending permission event of every fd number below {@code limit}, with
     * one response buffer; a number with no pending event costs one ENOENT write. The kernel matches the number only,
     * not the process: a successor uses this to fail the events a dead listener read and left unanswered. Returns
     * the numbers that had a pending event.
     */
    public List<Integer> denyAllPendingBelow(int limit, int errno) throws NativeException {
        List<Integer> denied = new ArrayList<>();
        try (Arena a = Arena.ofConfined()) {
            MemorySegment r = fanotify_response.allocate(a);
            fanotify_response.response(r, FAN_DENY_ERRNO(errno));
            long size = fanotify_response.sizeof();
            int enoent = -ENOENT();
            for (int n = 0; n < limit; n++) {
                fanotify_response.fd(r, n);
                long w = Libc.write(fd.intValue(), r, size);
                if (w == enoent) continue;
                Errno.check(w, "fanotify response FAN_DENY_ERRNO(" + Errno.name(errno) + ") for event fd " + n);
                denied.add(n);
            }
        }
        return denied;
    }

    private void respond(int eventFd, int response, String what) throws NativeException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment r = fanotify_response.allocate(a);
            fanotify_response.fd(r, eventFd);
            fanotify_response.response(r, response);
            long n = Libc.write(fd.intValue(), r, fanotify_response.sizeof());
            Errno.check(n, "fanotify response " + what + " for event fd " + eventFd);
        }
    }

    @Override
    public void close() throws NativeException {
        fd.close();
    }
}
