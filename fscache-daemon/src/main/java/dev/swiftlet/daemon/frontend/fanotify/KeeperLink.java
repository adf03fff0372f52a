package dev.swiftlet.daemon.frontend.fanotify;

import dev.swiftlet.sys.Fd;
import dev.swiftlet.sys.unix.FdPassing;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The daemon's connection to its keeper ({@code swiftlet keeper}), the process that holds the fanotify group fd,
 * the pre-mark cache-file fds and the registered images while daemons come and go. One connection per daemon;
 * requests are serialised on it (the wire is lockstep, see {@link KeeperWire}).
 */
final class KeeperLink implements AutoCloseable {
    /** Set by the keeper for the daemon it starts. */
    static final String SOCKET_ENV = "SWIFTLET_KEEPER_SOCKET";
    /** Set by {@code swiftlet daemon --keeper SOCK}. */
    static final String SOCKET_PROPERTY = "swiftlet.keeper.socket";

    /**
     * What a predecessor left with the keeper.
     *
     * @param group the fanotify group fd
     * @param blobs cache file path (relative to the cache directory) to an fd opened before the file was marked
     * @param state the registered images, as {@link #saveState} last sent them (a JSON array)
     */
    record Handover(Fd group, Map<String, Fd> blobs, String state) {}

    private final Path socketPath;
    private final Fd socket;

    private KeeperLink(Path socketPath, Fd socket) {
        this.socketPath = socketPath;
        this.socket = socket;
    }

    /** The keeper socket this daemon was told about, or null when it runs without a keeper. */
    static Path configuredSocket() {
        String s = System.getProperty(SOCKET_PROPERTY);
        if (s == null || s.isBlank()) s = System.getenv(SOCKET_ENV);
        return s == null || s.isBlank() ? null : Path.of(s);
    }

    static KeeperLink connect(Path socketPath) throws IOException {
        try {
            return new KeeperLink(socketPath, FdPassing.connect(socketPath));
        } catch (IOException e) {
            throw new IOException("connect to fanotify keeper " + socketPath + ": " + e.getMessage(), e);
        }
    }

    /** Introduces this daemon; returns what a predecessor left, or null when the keeper holds no group yet. */
    synchronized Handover hello() throws IOException {
        KeeperWire.send(socket, "HELLO", Long.toString(ProcessHandle.current().pid()), null);
        KeeperWire.Message m = KeeperWire.receive(socket);
        if (m.is("NEW")) return null;
        if (!m.is("GROUP") || m.fd() == null) {
            if (m.fd() != null) m.fd().closeQuietly();
            throw new IOException("keeper " + socketPath + " answered HELLO with " + m.verb() + " " + m.argument());
        }
        Fd group = m.fd();
        Map<String, Fd> blobs = new LinkedHashMap<>();
        String state = "[]";
        try {
            while (true) {
                KeeperWire.send(socket, "OK", null, null);
                KeeperWire.Message next = KeeperWire.receive(socket);
                if (next.is("END")) break;
                if (next.is("BLOB") && next.fd() != null) blobs.put(next.argument(), next.fd());
                else if (next.is("STATE")) state = next.argument();
                else throw new IOException("keeper " + socketPath + " sent " + next.verb() + " during the handover");
            }
        } catch (IOException | RuntimeException e) {
            group.closeQuietly();
            blobs.values().forEach(Fd::closeQuietly);
            throw e;
        }
        return new Handover(group, blobs, state);
    }

    /** Gives the keeper the new group fd, before anything is marked in it. */
    synchronized void keepGroup(Fd group) throws IOException {
        KeeperWire.send(socket, "KEEP", null, group);
        KeeperWire.expectOk(socket, "KEEP");
    }

    /** Gives the keeper an fd of cache file {@code path} opened before its mark: a successor writes through it. */
    synchronized void keepBlob(String path, Fd fd) throws IOException {
        KeeperWire.send(socket, "BLOB", path, fd);
        KeeperWire.expectOk(socket, "BLOB " + path);
    }

    /** Replaces the image state the keeper hands to a successor. */
    synchronized void saveState(String json) throws IOException {
        KeeperWire.send(socket, "STATE", json, null);
        KeeperWire.expectOk(socket, "STATE");
    }

    @Override
    public void close() {
        socket.closeQuietly();
    }
}
