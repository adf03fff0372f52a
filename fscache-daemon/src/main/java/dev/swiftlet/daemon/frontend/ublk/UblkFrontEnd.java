package dev.swiftlet.daemon.frontend.ublk;

import com.fasterxml.jackson.databind.JsonNode;
import dev.swiftlet.daemon.cache.AccessEpoch;
import dev.swiftlet.daemon.cache.FdHoleProbe;
import dev.swiftlet.daemon.cache.FileBlobCache;
import dev.swiftlet.daemon.cache.PrefetchPolicy;
import dev.swiftlet.daemon.frontend.BlobCaches;
import dev.swiftlet.daemon.frontend.FrontEnd;
import dev.swiftlet.daemon.frontend.KeptImages;
import dev.swiftlet.daemon.frontend.MountPlan;
import dev.swiftlet.daemon.frontend.Restorable;
import dev.swiftlet.daemon.frontend.SharedFdWriter;
import dev.swiftlet.daemon.images.BlobEntry;
import dev.swiftlet.daemon.images.ImageEntry;
import dev.swiftlet.daemon.images.ImageTable;
import dev.swiftlet.daemon.metrics.DaemonMetrics;
import dev.swiftlet.sys.Fd;
import dev.swiftlet.sys.ublk.UblkControl;
import dev.swiftlet.sys.ublk.UblkQueue;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Serves images as ublk block devices, for kernels that have neither cachefiles on-demand nor fanotify pre-content
 * hooks. One device per blob and one for each image's bootstrap, rather than one flat device per image: EROFS takes
 * extra devices by {@code device=} since 5.16 without any change to the bootstrap, whereas one flat device needs
 * {@code mapped_blkaddr} in the device table (a rewritten bootstrap) and flat-device support 6.1 lacks; and a blob's
 * device can be shared by every image of its domain, backed by the same cache file ({@code DIR/blobs/<domain>/<id>},
 * the fanotify layout) across images and restarts.
 *
 * <p>Devices are created with user recovery: after a crash, the kernel holds their I/O; a successor on the same cache
 * directory registers the saved images again ({@code DIR/ublk/images.json}), finds their devices in
 * {@code DIR/ublk/devices/} and recovers them, and the held reads are issued to it. A clean stop stops and deletes
 * every device (mounts on them then get EIO, as with a stopped nydusd).
 */
public final class UblkFrontEnd implements FrontEnd, MountPlan.Planner, Restorable {
    private static final System.Logger LOG = System.getLogger(UblkFrontEnd.class.getName());
    /** How long a successor waits for a dead server's device to become recoverable (6.1 checks every 5 s). */
    static final Duration RECOVERY_WAIT = Duration.ofSeconds(30);

    /**
     * The largest request a device takes, and so each tag's buffer (resident once used). Also its optimal I/O size:
     * the kernel reads ahead twice that on the device, so a sequential reader of a mounted image costs one round trip
     * per 512 KiB rather than per 128 KiB (the default read-ahead); what a request misses is fetched in 1 MiB pieces.
     */
    private static final int MAX_IO = 512 << 10;

    static final BlockDevice.Shape BOOTSTRAP = new BlockDevice.Shape(1, 8, MAX_IO);

    private final Path cacheDir;
    private final Path imagesFile;
    private final UblkControl control;
    private final DeviceRecords records;
    private final BlobCaches caches;
    private final Executor workers, background;
    private final DaemonMetrics metrics;
    private final BlockDevice.Shape blobShape;
    /** Served key -> device, for every device this daemon serves. */
    private final Map<String, Served> served = new HashMap<>();

    private final CountDownLatch closed = new CountDownLatch(1);
    private final ExecutorService saver = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("swiftlet-ublk-images").factory());
    private volatile Registrar registrar;
    private volatile Supplier<List<JsonNode>> snapshot;

    /** A device and what it holds open. */
    private record Served(BlockDevice device, Object owner, List<AutoCloseable> resources) {}

    public UblkFrontEnd(
            Path cacheDir,
            ImageTable images,
            Executor workers,
            Executor background,
            DaemonMetrics metrics,
            AccessEpoch epoch)
            throws IOException {
        this.cacheDir = cacheDir.toAbsolutePath();
        this.control = UblkControl.open();
        try {
            this.records = new DeviceRecords(this.cacheDir.resolve("ublk/devices"));
        } catch (IOException e) {
            control.close();
            throw e;
        }
        this.imagesFile = this.cacheDir.resolve("ublk/images.json");
        this.caches = new BlobCaches(metrics, epoch);
        this.workers = workers;
        this.background = background;
        this.metrics = metrics;
        this.blobShape = new BlockDevice.Shape(Math.max(1, Runtime.getRuntime().availableProcessors()), 16, MAX_IO);
        images.addReleaseListener(this::released);
    }

    @Override
    public String name() {
        return "ublk";
    }

    @Override
    public void restoreWith(Registrar add, Supplier<List<JsonNode>> snapshot) {
        this.registrar = add;
        this.snapshot = snapshot;
    }

    /**
     * The bootstrap's device and a {@code device=} for each blob's; the registered images are saved for a successor
     * before the plan is returned (so before anything is mounted from these devices).
     */
    @Override
    public MountPlan prepare(ImageEntry image) throws IOException {
        MountPlan plan = plan(image);
        try {
            saveImages().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IOException("saving the registered images", e.getCause());
        }
        return plan;
    }

    private synchronized MountPlan plan(ImageEntry image) throws IOException {
        Path boot = image.spec().bootstrap().toAbsolutePath();
        String bootKey = bootKey(image);
        Served b = served.get(bootKey);
        if (b == null || b.owner() != image) b = serveBootstrap(bootKey, image, boot);
        List<String> devices = new ArrayList<>();
        for (BlobEntry blob : image.blobs()) {
            String key = "blob " + blob.key();
            Served s = served.get(key);
            if (s == null || s.owner() != blob)
                s = serveBlob(key, blob, image.spec().prefetch());
            devices.add("device=" + s.device().path());
        }
        return new MountPlan(b.device().path(), String.join(",", devices));
    }

    /** The bootstrap device a prepared image is mounted from. */
    @Override
    public synchronized String mountSource(ImageEntry image) {
        Served b = served.get(bootKey(image));
        return b == null ? null : b.device().path();
    }

    private static String bootKey(ImageEntry image) {
        return "image " + image.key() + " " + image.spec().bootstrap().toAbsolutePath();
    }

    private Served serveBootstrap(String key, ImageEntry image, Path boot) throws IOException {
        Fd file = Fd.openForReading(boot);
        try {
            BlockDevice d = device(key, Files.size(boot), BOOTSTRAP, new PlainFileReads(file, boot.toString()));
            return remember(key, new Served(d, image, List.of(file)));
        } catch (IOException | RuntimeException e) {
            file.closeQuietly();
            throw e;
        }
    }

    private Served serveBlob(String key, BlobEntry blob, PrefetchPolicy prefetch) throws IOException {
        Path file = BlobCaches.cacheFile(cacheDir, blob);
        Files.createDirectories(file.getParent());
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            if (f.length() != blob.size()) f.setLength(blob.size());
        }
        FileBlobCache cache;
        try (Fd probe = Fd.openForReading(file)) {
            cache = (FileBlobCache) blob.cache(b -> caches.open(b, new FdHoleProbe(probe)));
        }
        Fd reader = Fd.openForReading(file);
        SharedFdWriter writer = new SharedFdWriter(Fd.openForReadWrite(file), "cache file " + file);
        try {
            BlockDevice d = device(
                    key,
                    blob.size(),
                    blobShape,
                    new CacheFileReads(blob.key(), cache, reader, writer, workers, metrics));
            if (!cache.isComplete())
                BlobCaches.startBackgroundFills(blob, cache, writer, prefetch, background, () -> {});
            LOG.log(
                    System.Logger.Level.INFO,
                    "{0} serves {1} from {2} ({3} of {4} chunks present)",
                    d.path(),
                    blob.key(),
                    file,
                    cache.states().readyChunks(),
                    cache.states().chunks());
            return remember(key, new Served(d, blob, List.of(reader, writer)));
        } catch (IOException | RuntimeException e) {
            reader.closeQuietly();
            writer.close();
            throw e;
        }
    }

    private Served remember(String key, Served s) {
        Served old = served.put(key, s);
        if (old != null) retire(old); // the same blob registered anew after its release: its old device goes
        return s;
    }

    /** The device for {@code key}: a crashed predecessor's, recovered, or a new one. */
    private BlockDevice device(String key, long size, BlockDevice.Shape shape, UblkQueue.ReadHandler reads)
            throws IOException {
        Integer previous = records.all().get(key);
        if (previous != null) {
            try {
                return BlockDevice.recover(control, previous, key, reads, System::nanoTime, RECOVERY_WAIT);
            } catch (IOException e) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "ublk device " + previous + " of " + key + " not recovered, creating a new one: "
                                + e.getMessage());
                records.remove(previous);
            }
        }
        BlockDevice d = BlockDevice.create(control, key, size, shape, reads);
        records.put(d.devId(), key);
        return d;
    }

    /** An image was released: its bootstrap's device goes, and each blob device no image references any more. */
    private void released(ImageEntry image) {
        synchronized (this) {
            served.values().removeIf(s -> {
                boolean gone = s.owner() == image
                        || (s.owner() instanceof BlobEntry b && image.blobs().contains(b) && b.references() == 0);
                if (gone) retire(s);
                return gone;
            });
        }
        saveImages();
    }

    /** Stops the device, forgets its record, deletes it once unmounted, closes what it held. */
    private void retire(Served s) {
        s.device().stopQuietly();
        try {
            records.remove(s.device().devId());
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "ublk record of " + s.device().path() + ": " + e.getMessage());
        }
        s.device().deleteLater();
        for (AutoCloseable c : s.resources()) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.DEBUG, "close " + c + ": " + e);
            }
        }
    }

    /**
     * Saves the registered images, for a successor that recovers the devices after a crash, on a thread of its own:
     * each save reads the list afresh when it runs, so the last save has the last state whatever order callers came in,
     * and a release (which calls back under the image table's and the entries' locks) never waits for it.
     */
    private Future<?> saveImages() {
        try {
            return saver.submit(this::writeImages);
        } catch (RejectedExecutionException closing) {
            return CompletableFuture.completedFuture(null);
        }
    }

    private void writeImages() {
        Supplier<List<JsonNode>> s = snapshot;
        if (s == null) return;
        try {
            Path tmp = imagesFile.resolveSibling("images.json.tmp");
            Files.deleteIfExists(tmp);
            // the documents carry registry credentials: root only, like the API socket
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmp, KeptImages.write(s.get()));
            Files.move(tmp, imagesFile, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            LOG.log(
                    System.Logger.Level.ERROR,
                    "cannot save the registered images (a successor will not recover their devices): "
                            + e.getMessage());
        }
    }

    /** Registers a crashed predecessor's images again (recovering their devices), then serves until closed. */
    @Override
    public void serve() throws IOException {
        restore();
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void restore() throws IOException {
        Registrar r = registrar;
        if (r == null || !Files.exists(imagesFile)) return;
        List<JsonNode> saved = KeptImages.read(Files.readString(imagesFile));
        int restored = 0;
        for (JsonNode entry : saved) {
            try {
                prepare(r.add(entry));
                restored++;
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "cannot restore image " + entry.path("id") + ": " + e.getMessage());
            }
        }
        if (!saved.isEmpty())
            LOG.log(
                    System.Logger.Level.INFO,
                    "restored {0} of {1} images of a previous daemon",
                    restored,
                    saved.size());
    }

    /** Stops and deletes every device (mounts on them get EIO from now on) and forgets the saved images. */
    @Override
    public void close() {
        synchronized (this) {
            served.values().forEach(this::retire);
            served.clear();
        }
        saver.shutdown();
        try {
            if (!saver.awaitTermination(10, TimeUnit.SECONDS))
                LOG.log(System.Logger.Level.WARNING, "saving the image list did not end in 10 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(imagesFile);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "remove " + imagesFile + ": " + e.getMessage());
        }
        closed.countDown();
    }
}
