package dev.swiftlet.fetch.backend;

import dev.swiftlet.fetch.Backend;
import dev.swiftlet.fetch.BackendSpec;
import dev.swiftlet.fetch.FetchException;
import dev.swiftlet.rafs.PlainName;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * nydusd's {@code localfs} backend: blobs are files named by their id in a directory (or in one of the
 * {@code alt_dirs}), or one fixed {@code blob_file} for every id. Channels stay open and are shared: positional
 * reads need no lock.
 */
public final class FileBackend implements Backend {
    /**
     * @param dir directory holding {@code <blobId>} files (may be null when {@code blobFile} is set)
     * @param blobFile a single file that serves every blob id (nydusd's {@code blob_file}), or null
     * @param altDirs further directories searched in order when the blob is not in {@code dir}
     */
    public record Config(Path dir, Path blobFile, List<Path> altDirs) implements BackendSpec {
        public Config {
            if (dir == null && blobFile == null)
                throw new IllegalArgumentException("localfs needs 'dir' or 'blob_file'");
            altDirs = altDirs == null ? List.of() : List.copyOf(altDirs);
        }

        public static Config of(Path dir) {
            return new Config(dir, null, List.of());
        }

        @Override
        public String type() {
            return "localfs";
        }
    }

    private final Config config;
    private final ConcurrentHashMap<String, FileChannel> open = new ConcurrentHashMap<>();

    public FileBackend(Config config) {
        this.config = config;
    }

    @Override
    public long size(String blobId) throws FetchException {
        try {
            return channel(blobId).size();
        } catch (IOException e) {
            throw failure(blobId, -1, 0, e);
        }
    }

    @Override
    public void read(String blobId, long offset, ByteBuffer dst) throws FetchException {
        long length = dst.remaining();
        try {
            FileChannel ch = channel(blobId);
            long pos = offset;
            while (dst.hasRemaining()) {
                int n = ch.read(dst, pos);
                if (n < 0) {
                    throw new FetchException(
                            blobId,
                            offset,
                            length,
                            describe(),
                            "short read: blob ends at 0x" + Long.toHexString(pos),
                            false);
                }
                pos += n;
            }
        } catch (FetchException e) {
            throw e;
        } catch (IOException e) {
            throw failure(blobId, offset, length, e);
        }
    }

    private FetchException failure(String blobId, long offset, long length, IOException e) {
        if (e instanceof NoSuchFileException) {
            return new FetchException(blobId, offset, length, describe(), "blob file not found", false, e);
        }
        if (e instanceof InvalidIdException)
            return new FetchException(blobId, offset, length, describe(), e.getMessage(), false, e);
        return new FetchException(blobId, offset, length, describe(), e.toString(), true, e);
    }

    /** The id is not a plain file name: never retried, never resolved. */
    private static final class InvalidIdException extends IOException {
        InvalidIdException(String message) {
            super(message);
        }
    }

    private FileChannel channel(String blobId) throws IOException {
        FileChannel ch = open.get(blobId);
        if (ch != null) return ch;
        Path path = locate(blobId);
        FileChannel opened = FileChannel.open(path, StandardOpenOption.READ);
        FileChannel raced = open.putIfAbsent(blobId, opened);
        if (raced != null) {
            opened.close();
            return raced;
        }
        return opened;
    }

    /** The file serving {@code blobId}; the id is checked so the path never leaves the configured directories. */
    public Path locate(String blobId) throws IOException {
        try {
            PlainName.check("blob id", blobId);
        } catch (IllegalArgumentException e) {
            throw new InvalidIdException("invalid blob id: " + e.getMessage());
        }
        if (config.blobFile() != null) return config.blobFile();
        List<Path> dirs = new ArrayList<>();
        dirs.add(config.dir());
        dirs.addAll(config.altDirs());
        for (Path dir : dirs) {
            if (dir == null) continue;
            Path candidate = dir.resolve(blobId);
            if (Files.isRegularFile(candidate)) return candidate;
        }
        throw new NoSuchFileException(config.dir().resolve(blobId).toString());
    }

    @Override
    public String describe() {
        return "localfs(" + (config.blobFile() != null ? config.blobFile() : config.dir()) + ")";
    }

    @Override
    public void close() {
        for (FileChannel ch : open.values()) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // closing a read-only channel cannot lose data
            }
        }
        open.clear();
    }
}
