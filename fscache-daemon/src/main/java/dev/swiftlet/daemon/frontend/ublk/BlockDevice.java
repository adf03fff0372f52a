package dev.swiftlet.daemon.frontend.ublk;

import dev.swiftlet.sys.Errno;
import dev.swiftlet.sys.Fd;
import dev.swiftlet.sys.NativeException;
import dev.swiftlet.sys.Pages;
import dev.swiftlet.sys.ublk.UblkControl;
import dev.swiftlet.sys.ublk.UblkDeviceInfo;
import dev.swiftlet.sys.ublk.UblkQueue;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.LongSupplier;

/**
 * One ublk block device this daemon serves: its queues, each on a platform thread of its own (ublk takes a queue's
 * commands only from the thread that fetched them), answering reads through one {@link UblkQueue.ReadHandler}.
 * Created with user recovery and reissue: when this process dies the kernel holds the device's I/O (readers pause) until
 * a successor {@link #recover}s it; reads are idempotent, so requests the dead server held are simply issued again.
 */
final class BlockDevice {
    private static final System.Logger LOG = System.getLogger(BlockDevice.class.getName());

    /** How a device is shaped: queues (one per CPU for blobs), tags per queue, largest request. */
    record Shape(int queues, int depth, int maxIoBytes) {}

    private final UblkControl control;
    private final UblkDeviceInfo info;
    private final String name;
    private final Fd charDevice;
    private final List<Thread> servers = new ArrayList<>();

    private BlockDevice(UblkControl control, UblkDeviceInfo info, String name) throws NativeException {
        this.control = control;
        this.info = info;
        this.name = name;
        this.charDevice = UblkControl.openServerSide(info.devId());
    }

    /** A new device of {@code sizeBytes} (rounded up to a 4 KiB block; the tail reads as zeros), started. */
    static BlockDevice create(
            UblkControl control, String name, long sizeBytes, Shape shape, UblkQueue.ReadHandler reads)
            throws IOException {
        UblkDeviceInfo info = control.add(shape.queues(), shape.depth(), shape.maxIoBytes(), UblkControl.RECOVERABLE);
        BlockDevice d = null;
        try {
            // the kernel may have lowered the largest request (ADD_DEV answers with what it took)
            control.setReadOnlyParams(info.devId(), Pages.roundUp(sizeBytes), Integer.highestOneBit(info.maxIoBytes()));
            d = new BlockDevice(control, info, name);
            d.serveQueues(reads);
            control.start(info.devId(), ProcessHandle.current().pid());
            LOG.log(System.Logger.Level.INFO, "{0}: serving {1} ({2} queues)", d.path(), name, info.queues());
            return d;
        } catch (IOException | RuntimeException e) {
            if (d != null) d.stopQuietly();
            deleteQuietly(control, info.devId());
            throw new IOException("ublk device for " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * Takes over device {@code devId}, whose server died: waits until the kernel has quiesced it (Linux 6.1 notices a
     * dead server within 5 s), starts recovery, serves its queues and ends recovery, which reissues the held I/O here.
     */
    static BlockDevice recover(
            UblkControl control,
            int devId,
            String name,
            UblkQueue.ReadHandler reads,
            LongSupplier nanoClock,
            Duration wait)
            throws IOException {
        long deadline = nanoClock.getAsLong() + wait.toNanos();
        UblkDeviceInfo info;
        while (true) {
            info = control.info(devId);
            if (info.state() == UblkDeviceInfo.QUIESCED) {
                try {
                    control.startRecovery(devId);
                    break;
                } catch (NativeException e) {
                    if (e.errno() != Errno.EBUSY) throw e; // the old server's device file is not released yet
                }
            } else if (info.state() == UblkDeviceInfo.DEAD) {
                throw new IOException(info.blockDevice() + " is stopped: nothing to recover");
            } else if (ProcessHandle.of(info.serverPid())
                            .map(ProcessHandle::isAlive)
                            .orElse(false)
                    && info.serverPid() != ProcessHandle.current().pid()) {
                throw new IOException(info.blockDevice() + " is served by the live process " + info.serverPid());
            }
            if (nanoClock.getAsLong() > deadline)
                throw new IOException(info.blockDevice() + " did not become recoverable within " + wait + " (state "
                        + info.stateName() + ")");
            try {
                Thread.sleep(100); // the kernel offers no event for the state change
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting to recover " + info.blockDevice(), e);
            }
        }
        BlockDevice d = new BlockDevice(control, info, name);
        try {
            d.serveQueues(reads);
            control.endRecovery(devId, ProcessHandle.current().pid());
        } catch (IOException | RuntimeException e) {
            d.stopQuietly();
            throw new IOException("recovering " + info.blockDevice() + " for " + name + ": " + e.getMessage(), e);
        }
        LOG.log(System.Logger.Level.INFO, "{0}: recovered, serving {1} again", d.path(), name);
        return d;
    }

    /** Starts one server thread per queue and returns once each has queued its fetches. */
    private void serveQueues(UblkQueue.ReadHandler reads) throws IOException {
        List<CompletableFuture<Void>> fetched = new ArrayList<>();
        for (int q = 0; q < info.queues(); q++) {
            UblkQueue queue = new UblkQueue(charDevice, path(), q, info.depth(), info.maxIoBytes());
            CompletableFuture<Void> ready = new CompletableFuture<>();
            fetched.add(ready);
            servers.add(Thread.ofPlatform()
                    .daemon()
                    .name("swiftlet-ublk" + info.devId() + "-q" + q)
                    .start(() -> {
                        try (queue) {
                            queue.serve(reads, () -> ready.complete(null));
                        } catch (NativeException | RuntimeException e) {
                            ready.completeExceptionally(e);
                            LOG.log(System.Logger.Level.ERROR, path() + ": queue server failed", e);
                        }
                    }));
        }
        try {
            CompletableFuture.allOf(fetched.toArray(CompletableFuture[]::new)).get();
        } catch (ExecutionException e) {
            throw new IOException(
                    path() + ": a queue could not fetch: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting " + path(), e);
        }
    }

    int devId() {
        return info.devId();
    }

    /** The block device to mount. */
    String path() {
        return info.blockDevice();
    }

    String name() {
        return name;
    }

    /** STOP_DEV (readers get errors from now on; the queues' fetches end) and waits for the queue threads. */
    void stop() throws NativeException {
        try {
            control.stop(info.devId());
        } finally {
            for (Thread t : servers) {
                try {
                    t.join(Duration.ofSeconds(10));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            charDevice.closeQuietly();
        }
    }

    void stopQuietly() {
        try {
            stop();
        } catch (NativeException e) {
            LOG.log(System.Logger.Level.WARNING, path() + ": stop: " + e.getMessage());
        }
    }

    /**
     * DEL_DEV on a thread of its own: the kernel answers only once the last opener (a mount not yet unmounted) is
     * gone, and nothing here may wait for that.
     */
    void deleteLater() {
        Thread.ofPlatform()
                .daemon()
                .name("swiftlet-ublk" + info.devId() + "-delete")
                .start(() -> deleteQuietly(control, info.devId()));
    }

    private static void deleteQuietly(UblkControl control, int devId) {
        try {
            control.delete(devId);
        } catch (NativeException e) {
            LOG.log(System.Logger.Level.WARNING, "ublk device " + devId + ": delete: " + e.getMessage());
        }
    }
}
