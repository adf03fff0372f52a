package dev.swiftlet.sys.ublk;

import static dev.swiftlet.sys.raw.Libc.*;

import dev.swiftlet.sys.Fd;
import dev.swiftlet.sys.NativeException;
import dev.swiftlet.sys.raw.Ublk;
import dev.swiftlet.sys.raw.ublk_param_basic;
import dev.swiftlet.sys.raw.ublksrv_ctrl_cmd;
import dev.swiftlet.sys.raw.ublksrv_ctrl_dev_info;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code /dev/ublk-control}: adds, starts, stops, deletes and recovers ublk devices. Every command travels as a
 * URING_CMD on a small ring of its own, so commands may come from any thread at once, and one that blocks (START_DEV
 * waits for the queues, DEL_DEV for the last opener) holds up no other.
 */
public final class UblkControl implements AutoCloseable {
    public static final Path DEVICE = Path.of("/dev/ublk-control");
    /** ublk's sector: offsets and sizes in its commands and I/O descriptors count these. */
    public static final int SECTOR = 512;

    /**
     * What Swiftlet's devices are created with: user recovery, with the requests the dead server held issued again
     * (reads are idempotent).
     */
    public static final long RECOVERABLE = Ublk.UBLK_F_USER_RECOVERY() | Ublk.UBLK_F_USER_RECOVERY_REISSUE();

    private static final int NO_QUEUE = 0xffff;
    private final Fd control;

    private UblkControl(Fd control) {
        this.control = control;
    }

    public static UblkControl open() throws NativeException {
        if (!Files.exists(DEVICE))
            throw new NativeException(
                    "open(" + DEVICE + ")",
                    ENOENT(),
                    "the kernel has no ublk driver (CONFIG_BLK_DEV_UBLK; modprobe ublk_drv) or it needs io_uring");
        return new UblkControl(Fd.open(DEVICE, O_RDWR()));
    }

    /**
     * ADD_DEV: a new device (the kernel picks its number) with {@code queues} hardware queues of {@code depth} tags,
     * reads of at most {@code maxIoBytes}, and {@code flags} (UBLK_F_*).
     */
    public UblkDeviceInfo add(int queues, int depth, int maxIoBytes, long flags) throws NativeException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment info = ublksrv_ctrl_dev_info.allocate(a);
            ublksrv_ctrl_dev_info.nr_hw_queues(info, (short) queues);
            ublksrv_ctrl_dev_info.queue_depth(info, (short) depth);
            ublksrv_ctrl_dev_info.max_io_buf_bytes(info, maxIoBytes);
            ublksrv_ctrl_dev_info.dev_id(info, -1);
            ublksrv_ctrl_dev_info.ublksrv_pid(info, -1);
            ublksrv_ctrl_dev_info.flags(info, flags);
            command(Ublk.UBLK_CMD_ADD_DEV(), "ADD_DEV", -1, info, 0);
            return infoOf(info);
        }
    }

    /**
     * SET_PARAMS: a read-only disk of {@code sizeBytes} (whole sectors) in 4 KiB blocks, taking requests of up to
     * {@code maxIoBytes} (a power of two). That is also its optimal I/O size, from which the kernel sets the disk's
     * read-ahead to twice as much: readers (EROFS included) then come in few large requests, each a round trip here.
     */
    public void setReadOnlyParams(int devId, long sizeBytes, int maxIoBytes) throws NativeException {
        if (Integer.bitCount(maxIoBytes) != 1 || maxIoBytes < 4096)
            throw new IllegalArgumentException(
                    "largest request must be a power of two of 4 KiB or more: " + maxIoBytes);
        try (Arena a = Arena.ofConfined()) {
            // struct ublk_params: __u32 len, __u32 types, then struct ublk_param_basic (only the basic part is sent)
            long header = 8;
            MemorySegment params = a.allocate(header + ublk_param_basic.sizeof(), 8);
            params.set(ValueLayout.JAVA_INT, 0, (int) params.byteSize());
            params.set(ValueLayout.JAVA_INT, 4, Ublk.UBLK_PARAM_TYPE_BASIC());
            MemorySegment basic = params.asSlice(header, ublk_param_basic.sizeof());
            ublk_param_basic.attrs(basic, Ublk.UBLK_ATTR_READ_ONLY());
            ublk_param_basic.logical_bs_shift(basic, (byte) 12);
            ublk_param_basic.physical_bs_shift(basic, (byte) 12);
            ublk_param_basic.io_min_shift(basic, (byte) 12);
            ublk_param_basic.io_opt_shift(basic, (byte) Integer.numberOfTrailingZeros(maxIoBytes));
            ublk_param_basic.max_sectors(basic, maxIoBytes / SECTOR);
            ublk_param_basic.dev_sectors(basic, (sizeBytes + SECTOR - 1) / SECTOR);
            command(Ublk.UBLK_CMD_SET_PARAMS(), "SET_PARAMS", devId, params, 0);
        }
    }

    /**
     * START_DEV: waits until every tag of every queue has been fetched, then adds the disk (whose partition scan the
     * queues serve already). {@code serverPid} is this process.
     */
    public void start(int devId, long serverPid) throws NativeException {
        command(Ublk.UBLK_CMD_START_DEV(), "START_DEV", devId, null, serverPid);
    }

    /** STOP_DEV: removes the disk; readers get errors, the queues' pending fetches end with ENODEV. */
    public void stop(int devId) throws NativeException {
        command(Ublk.UBLK_CMD_STOP_DEV(), "STOP_DEV", devId, null, 0);
    }

    /** DEL_DEV: frees the device number; blocks until the last opener (a mount) is gone. */
    public void delete(int devId) throws NativeException {
        command(Ublk.UBLK_CMD_DEL_DEV(), "DEL_DEV", devId, null, 0);
    }

    /** The device's server side, {@code /dev/ublkcN}, which its queues are served through. */
    public static Fd openServerSide(int devId) throws NativeException {
        return Fd.open(Path.of("/dev/ublkc" + devId), O_RDWR());
    }

    /** GET_DEV_INFO; ENODEV when there is no such device. */
    public UblkDeviceInfo info(int devId) throws NativeException {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment info = ublksrv_ctrl_dev_info.allocate(a);
            command(Ublk.UBLK_CMD_GET_DEV_INFO(), "GET_DEV_INFO", devId, info, 0);
            return infoOf(info);
        }
    }

    /** START_USER_RECOVERY: EBUSY until the dead server's device file is released and the device is quiesced. */
    public void startRecovery(int devId) throws NativeException {
        command(Ublk.UBLK_CMD_START_USER_RECOVERY(), "START_USER_RECOVERY", devId, null, 0);
    }

    /** END_USER_RECOVERY: waits for the new server's fetches, then reissues the queued I/O to it. */
    public void endRecovery(int devId, long serverPid) throws NativeException {
        command(Ublk.UBLK_CMD_END_USER_RECOVERY(), "END_USER_RECOVERY", devId, null, serverPid);
    }

    private void command(int op, String name, int devId, MemorySegment buffer, long data0) throws NativeException {
        try (CommandRing ring = CommandRing.create(2)) {
            MemorySegment sqe = ring.uringCmd(control.intValue(), op, op);
            MemorySegment cmd = CommandRing.cmd(sqe);
            ublksrv_ctrl_cmd.dev_id(cmd, devId);
            ublksrv_ctrl_cmd.queue_id(cmd, (short) NO_QUEUE);
            if (buffer != null) {
                ublksrv_ctrl_cmd.addr(cmd, buffer.address());
                ublksrv_ctrl_cmd.len(cmd, (short) buffer.byteSize());
            }
            ublksrv_ctrl_cmd.data(cmd, 0, data0);
            ring.submitAndWait(1);
            int[] result = {Integer.MIN_VALUE};
            ring.reap((userData, res) -> result[0] = res);
            if (result[0] == Integer.MIN_VALUE)
                throw new NativeException("ublk " + name + "(dev " + devId + "): no completion", EIO());
            if (result[0] < 0) throw new NativeException("ublk " + name + "(dev " + devId + ")", -result[0]);
        }
    }

    private static UblkDeviceInfo infoOf(MemorySegment info) {
        return new UblkDeviceInfo(
                ublksrv_ctrl_dev_info.dev_id(info),
                Short.toUnsignedInt(ublksrv_ctrl_dev_info.nr_hw_queues(info)),
                Short.toUnsignedInt(ublksrv_ctrl_dev_info.queue_depth(info)),
                ublksrv_ctrl_dev_info.max_io_buf_bytes(info),
                Short.toUnsignedInt(ublksrv_ctrl_dev_info.state(info)),
                ublksrv_ctrl_dev_info.ublksrv_pid(info),
                ublksrv_ctrl_dev_info.flags(info));
    }

    @Override
    public void close() {
        control.closeQuietly();
    }
}
