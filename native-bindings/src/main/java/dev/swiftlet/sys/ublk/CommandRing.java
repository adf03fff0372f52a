package dev.swiftlet.sys.ublk;

import static dev.swiftlet.sys.raw.Libc.*;

import dev.swiftlet.sys.Fd;
import dev.swiftlet.sys.NativeException;
import dev.swiftlet.sys.raw.IoUring;
import dev.swiftlet.sys.raw.Libc;
import dev.swiftlet.sys.raw.io_cqring_offsets;
import dev.swiftlet.sys.raw.io_sqring_offsets;
import dev.swiftlet.sys.raw.io_uring_cqe;
import dev.swiftlet.sys.raw.io_uring_params;
import dev.swiftlet.sys.raw.io_uring_sqe;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * One io_uring with 128-byte submission entries, for ublk's {@code IORING_OP_URING_CMD}s (whose payload sits in the
 * entry from byte 48 on) and plain reads. Not thread-safe: ublk requires every command of a queue to come from the
 * thread that fetched it, so each ring belongs to one thread. Submission slots map 1:1 to entries (array[i] = i).
 */
public final class CommandRing implements AutoCloseable {
    /** Where a URING_CMD's command bytes start inside the entry (the {@code cmd[]} union after {@code addr3}). */
    static final long CMD_OFFSET = io_uring_sqe.addr3$offset();

    static final int SQE_SIZE = 128;
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();

    private final Fd ring;
    private final long ringAddress, ringLength, sqesAddress, sqesLength;
    private final MemorySegment sqHead, sqTail, cqHead, cqTail, sqes, cqes;
    private final int sqMask, cqMask, sqEntries;
    private int localTail, toSubmit;

    private CommandRing(Fd ring, MemorySegment params) throws NativeException {
        this.ring = ring;
        MemorySegment sq = io_uring_params.sq_off(params), cq = io_uring_params.cq_off(params);
        sqEntries = io_uring_params.sq_entries(params);
        int cqEntries = io_uring_params.cq_entries(params);
        long sqLen = io_sqring_offsets.array(sq) + 4L * sqEntries;
        long cqLen = io_cqring_offsets.cqes(cq) + io_uring_cqe.sizeof() * cqEntries;
        if ((io_uring_params.features(params) & IoUring.IORING_FEAT_SINGLE_MMAP()) == 0)
            throw new NativeException("io_uring_setup: kernel without IORING_FEAT_SINGLE_MMAP (5.4+)", ENOSYS());
        ringLength = Math.max(sqLen, cqLen);
        ringAddress = map(ringLength, IoUring.IORING_OFF_SQ_RING(), "SQ/CQ rings");
        sqesLength = (long) SQE_SIZE * sqEntries;
        long s;
        try {
            s = map(sqesLength, IoUring.IORING_OFF_SQES(), "SQEs");
        } catch (NativeException e) {
            Libc.munmap(ringAddress, ringLength);
            throw e;
        }
        sqesAddress = s;
        MemorySegment rings = MemorySegment.ofAddress(ringAddress).reinterpret(ringLength);
        sqHead = rings.asSlice(io_sqring_offsets.head(sq), 4);
        sqTail = rings.asSlice(io_sqring_offsets.tail(sq), 4);
        sqMask = rings.get(ValueLayout.JAVA_INT, io_sqring_offsets.ring_mask(sq));
        cqHead = rings.asSlice(io_cqring_offsets.head(cq), 4);
        cqTail = rings.asSlice(io_cqring_offsets.tail(cq), 4);
        cqMask = rings.get(ValueLayout.JAVA_INT, io_cqring_offsets.ring_mask(cq));
        cqes = rings.asSlice(io_cqring_offsets.cqes(cq), io_uring_cqe.sizeof() * cqEntries);
        MemorySegment array = rings.asSlice(io_sqring_offsets.array(sq), 4L * sqEntries);
        for (int i = 0; i < sqEntries; i++) array.setAtIndex(ValueLayout.JAVA_INT, i, i);
        sqes = MemorySegment.ofAddress(sqesAddress).reinterpret(sqesLength);
        localTail = (int) INT.getAcquire(sqTail, 0L);
    }

    /** A ring of at least {@code entries} submission entries (rounded up to a power of two by the kernel). */
    @SuppressWarnings("restricted")
    public static CommandRing create(int entries) throws NativeException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment params = io_uring_params.allocate(a);
            io_uring_params.flags(params, IoUring.IORING_SETUP_SQE128());
            int fd = IoUring.io_uring_setup(entries, params);
            if (fd < 0)
                throw new NativeException(
                        "io_uring_setup(" + entries + ", SQE128)",
                        -fd,
                        -fd == ENOSYS() ? "kernel without io_uring" : null);
            Fd ringFd = Fd.adopt(fd);
            try {
                return new CommandRing(ringFd, params);
            } catch (NativeException | RuntimeException e) {
                ringFd.closeQuietly();
                throw e;
            }
        }
    }

    private long map(long length, long offset, String what) throws NativeException {
        long r = Libc.mmap(length, PROT_READ() | PROT_WRITE(), MAP_SHARED() | MAP_POPULATE(), ring.intValue(), offset);
        if (r < 0) throw new NativeException("mmap(io_uring " + what + ", " + length + ")", (int) -r);
        return r;
    }

    /** Entries that can be queued before the ring is full (submitted ones the kernel has not consumed count). */
    public int freeSlots() {
        return sqEntries - (localTail - (int) INT.getAcquire(sqHead, 0L));
    }

    /**
     * The next free submission entry, zeroed; the caller fills it, and it goes to the kernel with the next
     * {@link #submit} or {@link #submitAndWait}.
     */
    public MemorySegment next() throws NativeException {
        if (freeSlots() <= 0) throw new NativeException("io_uring submission queue full", EBUSY());
        MemorySegment sqe = sqes.asSlice((long) (localTail & sqMask) * SQE_SIZE, SQE_SIZE);
        sqe.fill((byte) 0);
        localTail++;
        toSubmit++;
        INT.setRelease(sqTail, 0L, localTail);
        return sqe;
    }

    /** Queues a URING_CMD on {@code fd}: its 16 or 80 command bytes are written by the caller into {@link #cmd}. */
    public MemorySegment uringCmd(int fd, int cmdOp, long userData) throws NativeException {
        MemorySegment sqe = next();
        io_uring_sqe.opcode(sqe, (byte) IoUring.IORING_OP_URING_CMD());
        io_uring_sqe.fd(sqe, fd);
        io_uring_sqe.cmd_op(sqe, cmdOp);
        io_uring_sqe.user_data(sqe, userData);
        return sqe;
    }

    /** The command bytes of a URING_CMD entry. */
    public static MemorySegment cmd(MemorySegment sqe) {
        return sqe.asSlice(CMD_OFFSET, SQE_SIZE - CMD_OFFSET);
    }

    /** Queues a read(2)-like {@code IORING_OP_READ} of {@code buf} from {@code fd} at its current position. */
    public void read(int fd, MemorySegment buf, long userData) throws NativeException {
        MemorySegment sqe = next();
        io_uring_sqe.opcode(sqe, (byte) IoUring.IORING_OP_READ());
        io_uring_sqe.fd(sqe, fd);
        io_uring_sqe.cmd_op(sqe, -1); // off = -1 (with __pad1 below): the file position, as read(2)
        sqe.set(ValueLayout.JAVA_INT, io_uring_sqe.cmd_op$offset() + 4, -1);
        io_uring_sqe.addr(sqe, buf.address());
        io_uring_sqe.len(sqe, (int) buf.byteSize());
        io_uring_sqe.user_data(sqe, userData);
    }

    /** Hands the queued entries to the kernel without waiting. */
    public void submit() throws NativeException {
        enter(0);
    }

    /** Hands the queued entries to the kernel and waits until at least {@code completions} are there. */
    public void submitAndWait(int completions) throws NativeException {
        enter(completions);
    }

    private void enter(int wait) throws NativeException {
        while (true) {
            int r = IoUring.io_uring_enter(
                    ring.intValue(), toSubmit, wait, wait > 0 ? IoUring.IORING_ENTER_GETEVENTS() : 0);
            if (r >= 0) {
                toSubmit -= Math.min(r, toSubmit);
                return;
            }
            if (-r == EINTR()) continue;
            if (-r == EBUSY() || -r == EAGAIN()) { // completion queue full: reap first, then submit again
                if (wait == 0) return;
                wait = 0;
                continue;
            }
            throw new NativeException("io_uring_enter(to_submit=" + toSubmit + ", wait=" + wait + ")", -r);
        }
    }

    /** What a completion carries. */
    @FunctionalInterface
    public interface Completions {
        void complete(long userData, int result) throws NativeException;
    }

    /** Reaps every completion present now; returns how many. */
    public int reap(Completions each) throws NativeException {
        int head = (int) INT.getAcquire(cqHead, 0L);
        int tail = (int) INT.getAcquire(cqTail, 0L);
        int n = 0;
        while (head != tail) {
            MemorySegment cqe = cqes.asSlice((long) (head & cqMask) * io_uring_cqe.sizeof(), io_uring_cqe.sizeof());
            long userData = io_uring_cqe.user_data(cqe);
            int res = io_uring_cqe.res(cqe);
            head++;
            INT.setRelease(cqHead, 0L, head); // the slot is free once read: the handler may submit more
            each.complete(userData, res);
            n++;
        }
        return n;
    }

    @Override
    public void close() {
        Libc.munmap(sqesAddress, sqesLength);
        Libc.munmap(ringAddress, ringLength);
        ring.closeQuietly();
    }
}
