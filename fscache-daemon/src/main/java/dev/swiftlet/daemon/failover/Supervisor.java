package dev.swiftlet.daemon.failover;

import dev.swiftlet.sys.Fd;
import dev.swiftlet.sys.NativeException;
import dev.swiftlet.sys.unix.FdPassing;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The daemon's side of nydus's supervisor protocol (nydus-snapshotter keeps one socket per daemon):
 * {@link #save} connects, sends the state with the kernel descriptor attached (SCM_RIGHTS, one message,
 * the rest of a long state as plain data) and closes, so the supervisor reads to EOF; {@link #restore}
 * connects and reads what the supervisor sends back: data up to EOF and the descriptors of its first
 * message, unless the launcher already did ({@link EarlyTakeover}).
 */
public final class Supervisor {
    /** nydusd reads at most this much with the first recvmsg. */
    private static final int FIRST_READ = 32 << 10;
    /** A saved state is a few KiB per image; anything larger is not ours. */
    static final int MAX_STATE = 16 << 20;

    private final Path socket;

    public Supervisor(Path socket) {
        this.socket = socket;
    }

    public Path socket() {
        return socket;
    }

    /** A state and the descriptors that came with it (owned by the caller). */
    public record Restored(byte[] state, List<Fd> fds) {}

    /** Sends {@code state} with the descriptors (none, or the kernel descriptor), then closes. */
    public void save(byte[] state, Fd... fds) throws IOException {
        try (Fd s = FdPassing.connect(socket)) {
            FdPassing.send(s, state, fds);
        } catch (NativeException e) {
            throw new IOException("sendfd to supervisor " + socket + ": " + e.getMessage(), e);
        }
    }

    public Restored restore() throws IOException {
        Restored early = EarlyTakeover.claim(socket);
        if (early != null) return early;
        List<Fd> fds = new ArrayList<>();
        try (Fd s = FdPassing.connect(socket)) {
            ByteArrayOutputStream data = new ByteArrayOutputStream();
            FdPassing.Received first = FdPassing.receive(s, FIRST_READ, 4);
            fds.addAll(first.fds());
            data.writeBytes(first.data());
            for (byte[] more = first.data(); more.length > 0; ) {
                FdPassing.Received r = FdPassing.receive(s, FIRST_READ, 4);
                r.fds().forEach(Fd::closeQuietly); // only the first message's descriptors count
                more = r.data();
                data.writeBytes(more);
                if (data.size() > MAX_STATE) throw new IOException("state larger than " + MAX_STATE + " bytes");
            }
            if (data.size() == 0) throw new IOException("the supervisor sent no state");
            return new Restored(data.toByteArray(), fds);
        } catch (IOException e) {
            fds.forEach(Fd::closeQuietly);
            throw new IOException("takeover from supervisor " + socket + ": " + e.getMessage(), e);
        }
    }
}
