package dev.swiftlet.daemon.frontend.fanotify;

import dev.swiftlet.sys.Fd;
import dev.swiftlet.sys.unix.FdPassing;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The keeper: starts the daemon, holds the fanotify group fd the daemon sends it right after creating the group
 * (plus an fd of each cache file opened before its mark, and the registered images), restarts the daemon with the
 * same argv whenever it exits, and hands all of it to the successor. While no daemon runs the group lives on in
 * this process, so readers of unfilled ranges wait in the kernel (state D) instead of reading the holes' zeros.
 *
 * <p>This process never reads the group: it only holds it. If the keeper itself dies, the group closes and every
 * waiting reader gets the holes (see the README, "fanotify: what readers see when the daemon dies").
 */
public final class GroupKeeper implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(GroupKeeper.class.getName());
    /** The system property {@code swiftlet daemon --keeper SOCK} sets; the keeper itself passes the environment. */
    public static final String SOCKET_PROPERTY = KeeperLink.SOCKET_PROPERTY;
    /** A daemon that exits sooner than this after its start counts as a failed start. */
    private static final Duration FAILED_START = Duration.ofSeconds(3);

    private static final int MAX_FAILED_STARTS_WITHOUT_GROUP = 5;

    private final Path socketPath;
    private final List<String> daemonArgv;
    private final Duration restartDelay;
    private final Fd listener;
    private Fd group;
    private final Map<String, Fd> blobs = new LinkedHashMap<>();
    private String state = "[]";
    private volatile boolean stopping;
    private volatile Process daemon;

    public GroupKeeper(Path socketPath, List<String> daemonArgv, Duration restartDelay) throws IOException {
        if (daemonArgv.isEmpty()) throw new IllegalArgumentException("no daemon command given");
        this.socketPath = socketPath.toAbsolutePath();
        this.daemonArgv = List.copyOf(daemonArgv);
        this.restartDelay = restartDelay;
        Files.createDirectories(this.socketPath.getParent());
        Files.deleteIfExists(this.socketPath); // a socket file left by a dead keeper: its group is gone anyway
        this.listener = FdPassing.listen(this.socketPath);
    }

    /**
     * Runs daemons until {@link #close()}: starts one, waits for it to exit, restarts it after the restart delay.
     * Returns the exit code the keeper should exit with.
     */
    public int run() throws InterruptedException {
        Thread.ofPlatform().daemon().name("keeper-accept").start(this::acceptLoop);
        int failedStarts = 0;
        while (!stopping) {
            long started = System.nanoTime();
            int code;
            try {
                ProcessBuilder pb = new ProcessBuilder(daemonArgv).inheritIO();
                pb.environment().put(KeeperLink.SOCKET_ENV, socketPath.toString());
                daemon = pb.start();
                LOG.log(System.Logger.Level.INFO, "keeper: started daemon pid {0}", daemon.pid());
                code = daemon.waitFor();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.ERROR, "keeper: cannot start " + daemonArgv + ": " + e.getMessage());
                code = -1;
            }
            if (stopping) break;
            boolean failedStart = Duration.ofNanos(System.nanoTime() - started).compareTo(FAILED_START) < 0;
            failedStarts = failedStart ? failedStarts + 1 : 0;
            boolean holdingGroup;
            synchronized (this) {
                holdingGroup = group != null;
            }
            if (!holdingGroup && failedStarts >= MAX_FAILED_STARTS_WITHOUT_GROUP) {
                // nothing is marked yet, so nobody depends on us: give up instead of looping on a bad command line
                LOG.log(
                        System.Logger.Level.ERROR,
                        "keeper: the daemon failed to start {0} times in a row; giving up",
                        failedStarts);
                return 1;
            }
            Duration delay = restartDelay.multipliedBy(Math.max(1, Math.min(failedStarts, 10)));
            LOG.log(
                    System.Logger.Level.WARNING,
                    "keeper: daemon exited with {0}; restarting in {1} ms (group {2})",
                    code,
                    delay.toMillis(),
                    holdingGroup ? "held: readers wait" : "not created yet");
            Thread.sleep(delay);
        }
        return 0;
    }

    private void acceptLoop() {
        while (!stopping) {
            Fd conn;
            try {
                conn = FdPassing.accept(listener);
            } catch (IOException e) {
                if (!stopping) LOG.log(System.Logger.Level.ERROR, "keeper: accept on " + socketPath, e);
                return;
            }
            Thread.ofPlatform().daemon().name("keeper-conn-" + conn.intValue()).start(() -> serve(conn));
        }
    }

    /** One daemon's connection: answers its requests until it closes (it dies, or stops). */
    private void serve(Fd conn) {
        try (conn) {
            while (true) {
                KeeperWire.Message m = KeeperWire.receive(conn);
                try {
                    handle(conn, m);
                } catch (IOException e) {
                    if (m.fd() != null) m.fd().closeQuietly();
                    throw e;
                }
            }
        } catch (EOFException e) {
            LOG.log(System.Logger.Level.DEBUG, "keeper: daemon connection closed");
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "keeper: daemon connection failed: " + e.getMessage());
        }
    }

    private synchronized void handle(Fd conn, KeeperWire.Message m) throws IOException {
        switch (m.verb()) {
            case "HELLO" -> {
                if (group == null) {
                    KeeperWire.send(conn, "NEW", null, null);
                    return;
                }
                LOG.log(
                        System.Logger.Level.INFO,
                        "keeper: handing the group and {0} cache files to daemon pid {1}",
                        blobs.size(),
                        m.argument());
                KeeperWire.send(conn, "GROUP", null, group);
                KeeperWire.expectOk(conn, "GROUP");
                for (Map.Entry<String, Fd> b : blobs.entrySet()) {
                    KeeperWire.send(conn, "BLOB", b.getKey(), b.getValue());
                    KeeperWire.expectOk(conn, "BLOB " + b.getKey());
                }
                KeeperWire.send(conn, "STATE", state, null);
                KeeperWire.expectOk(conn, "STATE");
                KeeperWire.send(conn, "END", null, null);
            }
            case "KEEP" -> {
                if (m.fd() == null) {
                    KeeperWire.send(conn, "ERR", "KEEP carries no descriptor", null);
                } else if (group != null) {
                    m.fd().closeQuietly();
                    KeeperWire.send(conn, "ERR", "a group is kept already; HELLO hands it out", null);
                } else {
                    group = m.fd();
                    LOG.log(System.Logger.Level.INFO, "keeper: holding fanotify group (fd {0})", group.intValue());
                    KeeperWire.send(conn, "OK", null, null);
                }
            }
            case "BLOB" -> {
                if (m.fd() == null || m.argument().isEmpty()) {
                    KeeperWire.send(conn, "ERR", "BLOB needs a path and a descriptor", null);
                    return;
                }
                Fd old = blobs.put(m.argument(), m.fd());
                if (old != null) old.closeQuietly();
                KeeperWire.send(conn, "OK", null, null);
            }
            case "STATE" -> {
                state = m.argument();
                KeeperWire.send(conn, "OK", null, null);
            }
            default -> KeeperWire.send(conn, "ERR", "unknown request " + m.verb(), null);
        }
    }

    /** The daemon running now, if any (tests kill it). */
    public java.util.Optional<ProcessHandle> daemon() {
        Process p = daemon;
        return p != null && p.isAlive() ? java.util.Optional.of(p.toHandle()) : java.util.Optional.empty();
    }

    /**
     * Stops: SIGTERM to the daemon, then closes the group. Unmount first: once the group is closed, reads of
     * unfilled ranges return the holes' zeros.
     */
    @Override
    public void close() {
        stopping = true;
        Process p = daemon;
        if (p != null && p.isAlive()) {
            p.destroy();
            try {
                if (!p.waitFor(15, java.util.concurrent.TimeUnit.SECONDS)) p.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        listener.closeQuietly();
        try {
            Files.deleteIfExists(socketPath);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "remove " + socketPath, e);
        }
        synchronized (this) {
            blobs.values().forEach(Fd::closeQuietly);
            blobs.clear();
            if (group != null) group.closeQuietly();
            group = null;
        }
    }
}
