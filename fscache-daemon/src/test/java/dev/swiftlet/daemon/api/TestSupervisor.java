package dev.swiftlet.daemon.api;

import dev.swiftlet.sys.Fd;
import dev.swiftlet.sys.NativeException;
import dev.swiftlet.sys.unix.FdPassing;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * nydus-snapshotter's supervisor, as far as a daemon sees it: a listening socket that, for a save, accepts one
 * connection and reads to EOF keeping the first message's descriptor, and for a takeover accepts one connection
 * and sends the saved state with that descriptor. Like the snapshotter's ({@code pkg/supervisor}: "received no control
 * file descriptor"), it stores a state only when a descriptor came with it, and keeps the one it had otherwise.
 */
public final class TestSupervisor implements AutoCloseable {
    private final Fd listener;
    public volatile byte[] state;
    volatile Fd fd;
    /** What the last save sent, stored or not, and how many descriptors came with it. */
    volatile byte[] lastSent;

    volatile int lastFds;

    public TestSupervisor(Path socket) throws NativeException {
        listener = FdPassing.listen(socket);
    }

    /** Completes once a daemon has saved its state here. */
    public CompletableFuture<Void> acceptSave() {
        return CompletableFuture.runAsync(() -> {
            try (Fd conn = FdPassing.accept(listener)) {
                ByteArrayOutputStream data = new ByteArrayOutputStream();
                List<Fd> fds = new ArrayList<>();
                for (boolean first = true; ; first = false) {
                    FdPassing.Received r = FdPassing.receive(conn, 64 << 10, 4);
                    if (first) fds.addAll(r.fds());
                    else r.fds().forEach(Fd::closeQuietly);
                    if (r.data().length == 0) break;
                    data.writeBytes(r.data());
                }
                lastSent = data.toByteArray();
                lastFds = fds.size();
                if (fds.isEmpty()) return;
                if (fd != null) fd.closeQuietly();
                fd = fds.getFirst();
                fds.stream().skip(1).forEach(Fd::closeQuietly);
                state = data.toByteArray();
            } catch (NativeException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Completes once a daemon has connected for a takeover and been sent {@code data} (with the saved fd, if any). */
    public CompletableFuture<Void> serveTakeover(byte[] data) {
        return CompletableFuture.runAsync(() -> {
            try (Fd conn = FdPassing.accept(listener)) {
                if (fd == null) FdPassing.send(conn, data);
                else FdPassing.send(conn, data, fd);
            } catch (NativeException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Override
    public void close() {
        listener.closeQuietly();
        if (fd != null) fd.closeQuietly();
    }
}
