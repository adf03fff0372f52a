package dev.swiftlet.daemon.frontend.cachefiles;

import dev.swiftlet.daemon.cache.AllocatedBytes;
import dev.swiftlet.daemon.cache.CacheSpace;
import dev.swiftlet.daemon.cache.EvictionPlan;
import dev.swiftlet.daemon.images.ImageTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The cachefiles cache directory for the {@link dev.swiftlet.daemon.cache.CacheEvictor}. The kernel owns the backing
 * files ({@code cache/Ierofs,<volume>/@<fan>/D<cookie key>}) and writes them through the anonymous fds, so the daemon
 * cannot punch chunks out from under it: only whole backing files go, those of blobs and bootstraps no registered
 * image references, through {@code inuse} + {@code cull} (a file the kernel still has open is left). Files found at
 * start are kept through the grace period. No recency order among them (the daemon sees no reads of files nothing
 * references).
 */
final class CachefilesCacheSpace implements CacheSpace {
    private static final System.Logger LOG = System.getLogger(CachefilesCacheSpace.class.getName());
    private static final int MAX_DEPTH = 5;

    private final Path cacheDir;
    private final CacheCuller culler;
    private final ImageTable images;
    private final Set<Path> foundAtStart = ConcurrentHashMap.newKeySet();

    CachefilesCacheSpace(Path cacheDir, CacheCuller culler, ImageTable images) throws IOException {
        this.cacheDir = cacheDir;
        this.culler = culler;
        this.images = images;
        foundAtStart.addAll(backingFiles());
    }

    private List<Path> backingFiles() throws IOException {
        Path root = cacheDir.resolve("cache");
        if (!Files.isDirectory(root)) return List.of();
        try (Stream<Path> s = Files.find(
                root,
                MAX_DEPTH,
                (p, a) -> a.isRegularFile() && p.getFileName().toString().startsWith("D") && volumeOf(p) != null)) {
            return s.toList();
        }
    }

    /** The EROFS volume (domain or fsid) a backing file belongs to, or null outside an {@code Ierofs,} directory. */
    private static String volumeOf(Path file) {
        for (Path dir = file.getParent(); dir != null; dir = dir.getParent()) {
            String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
            if (name.startsWith("Ierofs,")) return name.substring("Ierofs,".length());
        }
        return null;
    }

    private boolean referenced(Path file) {
        String volume = volumeOf(file);
        String key = file.getFileName().toString().substring(1);
        return volume == null
                || images.blob(volume, key).isPresent()
                || images.bootstrap(volume, key).isPresent();
    }

    @Override
    public long allocatedBytes() throws IOException {
        return AllocatedBytes.under(cacheDir);
    }

    @Override
    public List<EvictionPlan.Unit> candidates(boolean orphansExpired) throws IOException {
        List<EvictionPlan.Unit> units = new ArrayList<>();
        for (Path f : backingFiles()) {
            if (referenced(f) || (!orphansExpired && foundAtStart.contains(f))) continue;
            units.add(new EvictionPlan.Unit(
                    f.toString(), EvictionPlan.Unit.WHOLE_FILE, 0, AllocatedBytes.of(f), 0, false));
        }
        return units;
    }

    @Override
    public long evict(EvictionPlan.Unit unit, int usedBefore) throws IOException {
        return cullUnreferenced(Path.of(unit.file()));
    }

    private long cullUnreferenced(Path file) throws IOException {
        if (!Files.exists(file) || referenced(file)) return 0;
        long bytes = AllocatedBytes.of(file);
        if (!culler.cullFile(file)) return 0; // the kernel still has it open (an image mounted, unregistered since)
        foundAtStart.remove(file);
        LOG.log(
                System.Logger.Level.INFO,
                "culled backing file {0} ({1} bytes): no registered image references it",
                file,
                bytes);
        return bytes;
    }

    @Override
    public long collectOrphans() throws IOException {
        long freed = 0;
        for (Path f : List.copyOf(foundAtStart)) {
            freed += cullUnreferenced(f);
            foundAtStart.remove(f);
        }
        return freed;
    }
}
