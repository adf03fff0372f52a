package dev.swiftlet.daemon.frontend.fanotify;

import dev.swiftlet.daemon.cache.AllocatedBytes;
import dev.swiftlet.daemon.cache.CacheSpace;
import dev.swiftlet.daemon.cache.ChunkStates;
import dev.swiftlet.daemon.cache.EvictionPlan;
import dev.swiftlet.daemon.frontend.SharedFdWriter;
import dev.swiftlet.daemon.images.ImageTable;
import dev.swiftlet.rafs.image.ChunkTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The fanotify cache directory for the {@link dev.swiftlet.daemon.cache.CacheEvictor}. Cache files are
 * {@code DIR/blobs/<domain>/<blobId>}. A file this daemon serves loses single chunks: the chunk's ready bit is
 * cleared first (under a claim, so no fill and no reader that just found it ready is affected), then its range is
 * punched through the fd opened before the file's mark (no event), so the next read of it raises an event and
 * refetches instead of reading the hole's zeros. A file nobody serves or references (left by an earlier run) is
 * deleted whole, only once the grace period after start is over.
 */
final class FanotifyCacheSpace implements CacheSpace {
    private static final System.Logger LOG = System.getLogger(FanotifyCacheSpace.class.getName());

    private final Path cacheDir;
    private final Map<String, ServedFiles.Served> served;
    private final Map<String, SharedFdWriter> premarkWriters;
    private final ImageTable images;
    private final SelfWrites selfWrites;
    /** The front end's lock around opening a served file: a file is never deleted while it is being taken. */
    private final Object prepareLock;
    /** Cache files present at start: kept through the grace period, then deleted unless an image took them. */
    private final Set<String> foundAtStart = ConcurrentHashMap.newKeySet();

    FanotifyCacheSpace(
            Path cacheDir,
            Map<String, ServedFiles.Served> served,
            Map<String, SharedFdWriter> premarkWriters,
            ImageTable images,
            SelfWrites selfWrites,
            Object prepareLock)
            throws IOException {
        this.cacheDir = cacheDir;
        this.served = served;
        this.premarkWriters = premarkWriters;
        this.images = images;
        this.selfWrites = selfWrites;
        this.prepareLock = prepareLock;
        for (Path f : blobFiles()) foundAtStart.add(f.toString());
    }

    private List<Path> blobFiles() throws IOException {
        Path blobs = cacheDir.resolve("blobs");
        if (!Files.isDirectory(blobs)) return List.of();
        try (Stream<Path> s = Files.walk(blobs, 2)) {
            return s.filter(p -> p.getNameCount() == blobs.getNameCount() + 2 && Files.isRegularFile(p))
                    .toList();
        }
    }

    @Override
    public long allocatedBytes() throws IOException {
        return AllocatedBytes.under(cacheDir);
    }

    private boolean referenced(String file) {
        Path rel = cacheDir.resolve("blobs").relativize(Path.of(file));
        if (rel.getNameCount() != 2) return false;
        return images.blob(rel.getName(0).toString(), rel.getName(1).toString()).isPresent();
    }

    @Override
    public List<EvictionPlan.Unit> candidates(boolean orphansExpired) throws IOException {
        List<EvictionPlan.Unit> units = new ArrayList<>();
        for (Map.Entry<String, ServedFiles.Served> e : served.entrySet()) {
            if (!premarkWriters.containsKey(e.getKey())) continue; // no fd that punches without raising an event
            ChunkStates states = e.getValue().cache().states();
            ChunkTable table = e.getValue().cache().table();
            boolean referenced = referenced(e.getKey());
            for (int c = 0; c < states.chunks(); c++) {
                if (!states.isReady(c)) continue;
                long offset = table.uncompressedOffset(c);
                units.add(new EvictionPlan.Unit(
                        e.getKey(),
                        c,
                        offset,
                        span(table, c, e.getValue().cache().size()),
                        states.lastUse(c),
                        referenced));
            }
        }
        if (orphansExpired) {
            for (String f : foundAtStart) {
                if (served.containsKey(f) || referenced(f)) continue;
                units.add(new EvictionPlan.Unit(
                        f, EvictionPlan.Unit.WHOLE_FILE, 0, AllocatedBytes.of(Path.of(f)), 0, false));
            }
        }
        return units;
    }

    /** A chunk's bytes in the cache file: from its offset to its 4 KiB-aligned end (the last one ends at the file's end). */
    private static long span(ChunkTable table, int chunk, long fileSize) {
        return Math.min(table.alignedUncompressedEnd(chunk), fileSize) - table.uncompressedOffset(chunk);
    }

    @Override
    public long evict(EvictionPlan.Unit unit, int usedBefore) throws IOException {
        if (unit.wholeFile()) return deleteUnreferenced(unit.file());
        ServedFiles.Served s = served.get(unit.file());
        SharedFdWriter premark = premarkWriters.get(unit.file());
        if (s == null || premark == null || unit.chunk() >= s.cache().states().chunks()) return 0;
        ChunkStates states = s.cache().states();
        if (!states.tryEvict(unit.chunk(), usedBefore)) return 0; // filling, just read, or gone already
        boolean punched = false;
        try {
            long length = span(s.cache().table(), unit.chunk(), s.cache().size());
            selfWrites.during(() -> premark.punchHole(unit.offset(), length));
            punched = true;
            return length;
        } finally {
            states.endEviction(unit.chunk(), !punched);
        }
    }

    /** Deletes a cache file found at start that nothing serves or references; returns the bytes freed. */
    private long deleteUnreferenced(String file) throws IOException {
        synchronized (prepareLock) {
            if (served.containsKey(file) || referenced(file)) return 0;
            long bytes = AllocatedBytes.of(Path.of(file));
            SharedFdWriter kept = premarkWriters.get(file);
            if (kept != null) {
                // a keeper holds an fd of this inode for successors: keep the inode (and its size), free its blocks
                long size = Files.size(Path.of(file));
                selfWrites.during(() -> kept.punchHole(0, size));
            } else {
                Files.deleteIfExists(Path.of(file));
            }
            foundAtStart.remove(file);
            LOG.log(
                    System.Logger.Level.INFO,
                    "cache file {0} ({1} bytes) is referenced by no registered image: removed",
                    file,
                    bytes);
            return bytes;
        }
    }

    @Override
    public long collectOrphans() throws IOException {
        long freed = 0;
        for (String f : List.copyOf(foundAtStart)) {
            freed += deleteUnreferenced(f);
            foundAtStart.remove(f);
        }
        return freed;
    }
}
