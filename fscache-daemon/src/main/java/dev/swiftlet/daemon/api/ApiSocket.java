package dev.swiftlet.daemon.api;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;

/**
 * The admin API's listening socket, bound with the JDK alone so that a launcher can create it before it loads
 * anything else. nydus-snapshotter looks for the socket file for about 10 s after it starts the daemon and only then
 * subscribes to its death and asks for its state; once the file exists, a connection waits in the listen backlog
 * until {@link AdminServer} takes the socket over, and the snapshotter allows 30 s for an answer. So a daemon whose
 * start-up is slow (a JVM under software emulation) is still watched, instead of being written off as "probably not
 * started".
 *
 * <p>The socket is bound inside a fresh 0700 directory, chmod'ed 0600 and only then renamed to its public path, so
 * nobody can connect while it is still open to others.
 */
public final class ApiSocket implements AutoCloseable {
    /** Connections that can wait for the server to take over (the snapshotter opens a few per daemon). */
    private static final int BACKLOG = 512;

    private final Path path;
    private final ServerSocketChannel channel;
    private final boolean residualFound;
    private final Object fileKey;

    private ApiSocket(Path path, ServerSocketChannel channel, boolean residualFound, Object fileKey) {
        this.path = path;
        this.channel = channel;
        this.residualFound = residualFound;
        this.fileKey = fileKey;
    }

    /**
     * Binds {@code socket}, replacing a file left there. Before replacing it, notes whether it was a residual
     * socket that nobody accepts on: nydusd's sign (with a supervisor) that a predecessor crashed.
     */
    public static ApiSocket bind(Path socket) throws IOException {
        Path parent = socket.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        boolean residual = residualSocket(socket);
        if (Files.exists(socket, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(socket)) Files.delete(socket);
        Path privateDir = Files.createTempDirectory(
                parent,
                ".apisock-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path temp = privateDir.resolve("s");
        ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.bind(UnixDomainSocketAddress.of(temp), BACKLOG);
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
            Files.move(temp, socket, StandardCopyOption.ATOMIC_MOVE);
            Files.delete(privateDir);
            Object key = Files.readAttributes(socket, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                    .fileKey();
            return new ApiSocket(socket, ch, residual, key);
        } catch (IOException | RuntimeException e) {
            ch.close();
            Files.deleteIfExists(temp);
            Files.deleteIfExists(privateDir);
            throw new IOException("bind admin socket " + socket + ": " + e.getMessage(), e);
        }
    }

    /**
     * A socket bound at {@code socket} before this process started (by {@code scripts/nydusd-prestart.py}, inherited as
     * standard input), with what its binder found there before.
     */
    public static ApiSocket adopt(Path socket, ServerSocketChannel channel, boolean residualFound) throws IOException {
        Object key = Files.readAttributes(socket, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                .fileKey();
        return new ApiSocket(socket, channel, residualFound, key);
    }

    private static boolean residualSocket(Path socket) {
        if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) return false;
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    public Path path() {
        return path;
    }

    /** Whether a socket nobody accepted on was at {@link #path()} when this one was bound. */
    public boolean residualFound() {
        return residualFound;
    }

    ServerSocketChannel channel() {
        return channel;
    }

    /**
     * Stops listening and removes the socket file, unless the file is no longer this socket's (a successor bound the
     * same path), so an exiting daemon never takes its successor's socket away.
     */
    @Override
    public void close() throws IOException {
        channel.close();
        try {
            Object now = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                    .fileKey();
            if (Objects.equals(now, fileKey)) Files.deleteIfExists(path);
        } catch (java.nio.file.NoSuchFileException gone) {
            // already removed
        }
    }
}
