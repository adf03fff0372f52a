package dev.swiftlet.sys.ublk;

import static dev.swiftlet.sys.raw.Libc.*;

import dev.swiftlet.sys.Fd;
import dev.swiftlet.sys.NativeException;
import dev.swiftlet.sys.Pages;
import dev.swiftlet.sys.raw.Libc;
import dev.swiftlet.sys.raw.Ublk;
import dev.swiftlet.sys.raw.ublksrv_io_cmd;
import dev.swiftlet.sys.raw.ublksrv_io_desc;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One hardware queue of a ublk device, served by the thread that calls {@link #serve}: every tag's FETCH_REQ is
 * queued, and each fetched request goes to a {@link ReadHandler}, which completes it on this thread or any other; a
 * completion from elsewhere is posted back through an eventfd the ring reads, because ublk takes a queue's commits only
 * from the thread that fetched them. Each tag owns a buffer of the device's largest I/O (anonymous memory: resident only
 * once used); a read's bytes go there, and the kernel copies them to the request when it is committed.
 */
public final class UblkQueue implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(UblkQueue.class.getName());
    private static final long WAKE = -1L;

    /** Serves one read request. */
    @FunctionalInterface
    public interface ReadHandler {
        /** Fills {@code request.buffer()} and calls {@link Request#complete} exactly once, on any thread. */
        void read(Request request);
    }

    /** One fetched request: the range the kernel wants, the buffer to put it in, and the answer. */
    public final class Request {
        private final int tag;
        private long offset;
        private int length, op;
        private volatile boolean answered;
        private int result;

        private Request(int tag) {
            this.tag = tag;
        }

        public long offset() {
            return offset;
        }

        public int length() {
            return length;
        }

        /** {@code length()} bytes of this tag's buffer. */
        public MemorySegment buffer() {
            return buffers.asSlice((long) tag * maxIoBytes, length);
        }

        public int queue() {
            return queueId;
        }

        /** Answers the request: the byte count read, or {@code -errno}. */
        public void complete(int result) {
            if (answered) throw new IllegalStateException("request answered twice: tag " + tag);
            this.result = result;
            answered = true;
            if (Thread.currentThread() == server) {
                commit(this);
            } else {
                done.add(this);
                wake();
            }
        }

        @Override
        public String toString() {
            return "queue " + queueId + " tag " + tag + " [" + offset + ",+" + length + ")";
        }
    }

    private final Fd device;
    private final int queueId, depth, maxIoBytes;
    private final CommandRing ring;
    private final MemorySegment descs, buffers;
    private final long descsLength;
    private final Fd wake;
    private final MemorySegment wakeBuffer = Arena.ofAuto().allocate(8, 8);
    private final Request[] requests;
    private final ConcurrentLinkedQueue<Request> done = new ConcurrentLinkedQueue<>();
    private volatile Thread server;
    /** Tags the kernel still holds a command of or that are being served; serve() returns when none is left. */
    private int live;

    private final String name;

    /**
     * Maps queue {@code queueId}'s I/O descriptors of the device open as {@code device} ({@code /dev/ublkcN}) and sets
     * up its ring and buffers. Serve it on one platform thread.
     */
    @SuppressWarnings("restricted")
    public UblkQueue(Fd device, String name, int queueId, int depth, int maxIoBytes) throws NativeException {
        this.device = device;
        this.name = name;
        this.queueId = queueId;
        this.depth = depth;
        this.maxIoBytes = maxIoBytes;
        this.requests = new Request[depth];
        for (int t = 0; t < depth; t++) requests[t] = new Request(t);
        long perQueue = Pages.roundUp((long) Ublk.UBLK_MAX_QUEUE_DEPTH() * ublksrv_io_desc.sizeof());
        descsLength = Pages.roundUp((long) depth * ublksrv_io_desc.sizeof());
        long d = Libc.mmap(
                descsLength,
                PROT_READ(),
                MAP_SHARED() | MAP_POPULATE(),
                device.intValue(),
                Ublk.UBLKSRV_CMD_BUF_OFFSET() + queueId * perQueue);
        if (d < 0) throw new NativeException("mmap(" + name + " queue " + queueId + " descriptors)", (int) -d);
        descs = MemorySegment.ofAddress(d).reinterpret(descsLength);
        long bufLen = (long) depth * maxIoBytes;
        long b =
                Libc.mmap(bufLen, PROT_READ() | PROT_WRITE(), MAP_PRIVATE() | MAP_ANONYMOUS() | MAP_NORESERVE(), -1, 0);
        if (b < 0) {
            Libc.munmap(d, descsLength);
            throw new NativeException("mmap(" + name + " queue " + queueId + " buffers, " + bufLen + ")", (int) -b);
        }
        buffers = MemorySegment.ofAddress(b).reinterpret(bufLen);
        int efd = Libc.eventfd(0, EFD_CLOEXEC());
        if (efd < 0) {
            unmap();
            throw new NativeException("eventfd", -efd);
        }
        wake = Fd.adopt(efd);
        try {
            ring = CommandRing.create(depth + 2);
        } catch (NativeException e) {
            wake.closeQuietly();
            unmap();
            throw e;
        }
    }

    /**
     * Serves the queue on the calling thread until the device is stopped (every tag's command ends with ENODEV).
     * {@code fetched} runs once every tag is queued with the kernel: START_DEV / END_USER_RECOVERY may go then.
     */
    public void serve(ReadHandler handler, Runnable fetched) throws NativeException {
        server = Thread.currentThread();
        for (int t = 0; t < depth; t++) fetch(Ublk.UBLK_IO_FETCH_REQ(), t, 0);
        armWake();
        ring.submit();
        live = depth;
        fetched.run();
        while (live > 0) {
            ring.submitAndWait(1);
            ring.reap((userData, res) -> completed(handler, userData, res));
            for (Request r; (r = done.poll()) != null; ) commit(r);
        }
    }

    private void completed(ReadHandler handler, long userData, int res) throws NativeException {
        if (userData == WAKE) {
            armWake();
            return;
        }
        Request r = requests[(int) userData];
        if (res != Ublk.UBLK_IO_RES_OK()) { // ENODEV: stopped or aborted; anything else: a command we got wrong
            live--;
            if (res != -ENODEV()) LOG.log(System.Logger.Level.WARNING, "{0}: {1} ended with errno {2}", name, r, -res);
            return;
        }
        MemorySegment desc = ublksrv_io_desc.asSlice(descs, (int) userData);
        r.op = ublksrv_io_desc.op_flags(desc) & 0xff;
        r.offset = ublksrv_io_desc.start_sector(desc) * UblkControl.SECTOR;
        r.length = ublksrv_io_desc.nr_sectors(desc) * UblkControl.SECTOR;
        r.answered = false;
        if (r.op == Ublk.UBLK_IO_OP_READ()) {
            if (r.length > maxIoBytes) {
                r.complete(-EINVAL());
                return;
            }
            try {
                handler.read(r);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, name + ": read handler failed on " + r, e);
                if (!r.answered) r.complete(-EIO());
            }
        } else if (r.op == Ublk.UBLK_IO_OP_FLUSH()) {
            r.complete(0); // nothing is ever written
        } else {
            r.complete(-EROFS());
        }
    }

    private void commit(Request r) {
        try {
            fetch(Ublk.UBLK_IO_COMMIT_AND_FETCH_REQ(), r.tag, r.result);
        } catch (NativeException e) { // the ring is sized for every tag plus the eventfd read: never full
            LOG.log(System.Logger.Level.ERROR, name + ": cannot commit " + r, e);
        }
    }

    private void fetch(int op, int tag, int result) throws NativeException {
        MemorySegment sqe = ring.uringCmd(device.intValue(), op, tag);
        MemorySegment cmd = CommandRing.cmd(sqe);
        ublksrv_io_cmd.q_id(cmd, (short) queueId);
        ublksrv_io_cmd.tag(cmd, (short) tag);
        ublksrv_io_cmd.result(cmd, result);
        ublksrv_io_cmd.addr(cmd, buffers.address() + (long) tag * maxIoBytes);
    }

    private void armWake() throws NativeException {
        ring.read(wake.intValue(), wakeBuffer, WAKE);
    }

    private void wake() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment one = a.allocate(ValueLayout.JAVA_LONG);
            one.set(ValueLayout.JAVA_LONG, 0, 1L);
            wake.write(one);
        } catch (NativeException e) {
            LOG.log(System.Logger.Level.ERROR, name + " queue " + queueId + ": cannot wake the server thread", e);
        }
    }

    private void unmap() {
        Libc.munmap(descs.address(), descsLength);
        if (buffers != null) Libc.munmap(buffers.address(), buffers.byteSize());
    }

    /** After {@link #serve} returned: frees the ring, the buffers and the descriptor mapping. */
    @Override
    public void close() {
        ring.close();
        wake.closeQuietly();
        unmap();
    }
}
