package dev.swiftlet.daemon.frontend.fanotify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.swiftlet.daemon.cache.AccessEpoch;
import dev.swiftlet.daemon.cache.CacheSpace;
import dev.swiftlet.daemon.cache.CacheWriter;
import dev.swiftlet.daemon.cache.FdHoleProbe;
import dev.swiftlet.daemon.cache.FileBlobCache;
import dev.swiftlet.daemon.cache.PrefetchPolicy;
import dev.swiftlet.daemon.cache.Prefetcher;
import dev.swiftlet.daemon.frontend.BlobCaches;
import dev.swiftlet.daemon.frontend.FrontEnd;
import dev.swiftlet.daemon.frontend.MountPlan;
import dev.swiftlet.daemon.frontend.SharedFdWriter;
import dev.swiftlet.daemon.images.BlobEntry;
import dev.swiftlet.daemon.images.ImageEntry;
import dev.swiftlet.daemon.images.ImageTable;
import dev.swiftlet.daemon.metrics.DaemonMetrics;
import dev.swiftlet.sys.Fd;
import dev.swiftlet.sys.NativeException;
import dev.swiftlet.sys.fanotify.FanotifyGroup;
import dev.swiftlet.sys.fanotify.PreAccessEvent;
import dev.swiftlet.sys.raw.Libc;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Serves file-backed EROFS mounts through fanotify pre-content events. Per blob: a sparse cache file
 * {@code DIR/blobs/<domain>/<blobId>} sized to the blob BEFORE it is marked (ftruncate on a marked file
 * raises events), reused across images and restarts (its holes say what is missing). Each event is
 * mapped to its cache file via {@code /proc/self/fd}, filled by a worker through the event fd itself (a
 * fd opened after the mark would raise events on itself) and answered exactly once from {@code finally}.
 *
 * <p>Crash safety, with a keeper ({@link GroupKeeper}; {@code SWIFTLET_KEEPER_SOCKET} or {@code --keeper}): the
 * group fd goes to the keeper right after creation, before any mark, so it outlives this process; so does, per
 * cache file, an fd opened before the file's mark (writes through it raise no events, in this daemon or a
 * successor). Every event read is journaled ({@link InFlightJournal}) until it is answered. A successor adopts the
 * group, re-registers the images the keeper kept (their files are marked already), then fills and answers every
 * journaled event by its fd number, all before it reads a single event of its own (so none of its event fds can
 * carry a number it is about to answer for the dead daemon).
 */
public final class FanotifyFrontEnd implements FrontEnd, MountPlan.Planner {
    private static final System.Logger LOG = System.getLogger(FanotifyFrontEnd.class.getName());
    private static final int EIO = 5;
    /** Read-ahead for sequential readers: how far ahead, in pieces of what size (one piece per worker task). */
    static final long READ_AHEAD_WINDOW = 8L << 20;
    static final long READ_AHEAD_STEP = 1L << 20;

    private final Path cacheDir;
    private final Executor workers;
    /** Read-ahead and prefetch run here, apart from {@code workers}, so events never queue behind them. */
    private final Executor backgroundPool;
    private final DaemonMetrics metrics;
    private final BlobCaches caches;
    private final FanotifyGroup group;
    /** Null without a keeper: then the group dies with this process (fails open) and nothing is journaled. */
    private final KeeperLink keeper;
    /** What the predecessor left with the keeper; null when this daemon created the group. Consumed by serve(). */
    private KeeperLink.Handover handover;
    private final InFlightJournal journal;
    private final SelfWrites selfWrites = new SelfWrites();
    /** Cache file path -> the writer over an fd opened before the file's mark; lives as long as the group here. */
    private final Map<String, SharedFdWriter> premarkWriters = new ConcurrentHashMap<>();
    private volatile Registrations registrations;
    /** Cache file path -> what serves it; the key is what /proc/self/fd/N of an event fd reads. */
    private final Map<String, Served> served = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private volatile boolean serving;

    /** @param background writes of prefetch and read-ahead: an fd opened before the mark (null: file complete) */
    record Served(BlobEntry blob, FileBlobCache cache, Path file, CacheWriter background) {}
    /**
     * With a cache limit: every cache file stays marked (complete ones too, and never unmarked) and has an fd opened
     * before its mark, so the evictor can punch any chunk out of it and the next read of that chunk raises an event.
     */
    private final boolean evictable;
    private final ImageTable images;

    /** Registers one nydusd BlobCacheEntry document (the daemon's BlobCacheEntries#add). */
    @FunctionalInterface
    public interface Registrar {
        ImageEntry add(JsonNode entry) throws IOException;
    }

    /** Where a successor re-registers images, and where the registered images are read to be kept. */
    private record Registrations(Registrar add, Supplier<List<JsonNode>> snapshot) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param workers where events are filled and answered
     * @param backgroundPool where read-ahead and prefetch run (a pool of their own keeps events from queueing behind
     *     long background fetches)
     */
    public FanotifyFrontEnd(Path cacheDir, ImageTable images, Executor workers, Executor backgroundPool,
                            DaemonMetrics metrics) throws IOException {
        this(cacheDir, images, workers, backgroundPool, metrics, new AccessEpoch(), false);
    }

    /**
     * @param epoch the recency clock stamped on every chunk a kernel request asks for
     * @param evictable a cache limit is set: keep every file marked and punchable ({@link #cacheSpace()})
     */
    public FanotifyFrontEnd(Path cacheDir, ImageTable images, Executor workers, Executor backgroundPool,
                            DaemonMetrics metrics, AccessEpoch epoch, boolean evictable) throws IOException {
        this.cacheDir = cacheDir.toAbsolutePath();
        this.workers = workers;
        this.backgroundPool = backgroundPool;
        this.metrics = metrics;
        this.caches = new BlobCaches(metrics, epoch);
        this.evictable = evictable;
        this.images = images;
        Path keeperSocket = KeeperLink.configuredSocket();
        if (keeperSocket == null) {
            this.keeper = null;
            this.journal = null;
            this.group = FanotifyGroup.create(true, true);
            return;
        }
        this.keeper = KeeperLink.connect(keeperSocket);
        FanotifyGroup g = null;
        try {
            this.journal = InFlightJournal.open(this.cacheDir);
            this.handover = keeper.hello();
            if (handover != null) {
                g = FanotifyGroup.fromFd(handover.group().intValue());
                for (Map.Entry<String, Fd> b : handover.blobs().entrySet()) {
                    String key = this.cacheDir.resolve(b.getKey()).toString();
                    premarkWriters.put(key, new SharedFdWriter(b.getValue(), "pre-mark writer of " + key));
                }
                LOG.log(System.Logger.Level.INFO, "adopted the fanotify group from keeper {0} ({1} cache files)",
                        keeperSocket, handover.blobs().size());
            } else {
                g = FanotifyGroup.create(true, true);
                keeper.keepGroup(g.fd()); // before any mark: from here on the group outlives this process
                journal.startFresh(); // a journal without a kept group belongs to a group that is gone
                LOG.log(System.Logger.Level.INFO, "fanotify group kept by keeper {0}", keeperSocket);
            }
        } catch (IOException | RuntimeException e) {
            if (g != null) g.fd().closeQuietly();
            keeper.close();
            throw e;
        }
        this.group = g;
    }

    /**
     * Where a successor re-registers the images its predecessor served ({@code add}), and where the registered
     * images are read to be kept by the keeper ({@code snapshot}): the daemon's BlobCacheEntries, whose documents
     * are what clients sent. Call before {@link #serve()}; without it a successor restores no images.
     */
    public void restoreWith(Registrar add, Supplier<List<JsonNode>> snapshot) {
        this.registrations = new Registrations(add, snapshot);
    }

    @Override
    public String name() {
        return "fanotify";
    }

    /** The cache directory as the evictor sees it (lists the files present now as found at start). */
    @Override
    public CacheSpace cacheSpace() throws IOException {
        return new FanotifyCacheSpace(cacheDir, served, premarkWriters, images, selfWrites, this);
    }

    /** Sizes, restores and marks the image's cache files; the mount is {@code (bootstrap, device=...)}. */
    @Override
    public MountPlan prepare(ImageEntry image) throws IOException {
        List<String> devices = new ArrayList<>();
        for (BlobEntry blob : image.blobs()) {
            Path file = cacheDir.resolve("blobs").resolve(blob.domain()).resolve(blob.blobId());
            String key = file.toString();
            synchronized (this) {
                Served s = served.get(key);
                // a blob released and registered again is a new entry: its old cache was closed
                if (s == null || s.blob() != blob) served.put(key, open(blob, file, image.spec().prefetch()));
            }
            devices.add("device=" + key);
        }
        saveState();
        return new MountPlan(image.spec().bootstrap().toAbsolutePath().toString(), String.join(",", devices));
    }

    private Served open(BlobEntry blob, Path file, PrefetchPolicy prefetch) throws IOException {
        Files.createDirectories(file.getParent());
        String key = file.toString();
        SharedFdWriter premark = premarkWriters.get(key); // present: the file is marked (here or by a predecessor)
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            if (f.length() != blob.size()) {
                // a marked truncate raises events on itself: only ever before the mark
                if (premark != null) throw new IOException("cache file " + file + " is " + f.length() + " bytes, blob " + blob.key() + " needs " + blob.size());
                f.setLength(blob.size());
            }
        }
        FileBlobCache cache;
        try (Fd probe = Fd.open(file, Libc.O_RDONLY())) { // lseek only: probing raises no events, marked or not
            cache = (FileBlobCache) blob.cache(b -> caches.open(b, new FdHoleProbe(probe)));
        }
        if (premark == null && (!cache.isComplete() || evictable)) {
            // Opened before the mark, so its writes raise no events: the only fd background fills (and a successor's
            // replay) may write through (an fd opened after the mark raises events on its own writes). The keeper gets
            // it before the mark exists, so a successor never has to open one after.
            Fd fd = Fd.open(file, Libc.O_RDWR());
            if (keeper != null) {
                try {
                    keeper.keepBlob(cacheDir.relativize(file).toString(), fd);
                } catch (IOException e) {
                    fd.closeQuietly();
                    throw e;
                }
            }
            premark = new SharedFdWriter(fd, "pre-mark writer of " + file);
            premarkWriters.put(key, premark);
            group.markPreAccess(file);
        }
        // evictable: a complete file can lose chunks later, so it keeps a writer for read-ahead and replays too
        CacheWriter background = premark == null || (cache.isComplete() && !evictable) ? null : selfWrites.around(premark);
        if (background != null) {
            cache.readAhead(backgroundPool, background, READ_AHEAD_WINDOW, READ_AHEAD_STEP);
            if (prefetch.enabled() && !cache.isComplete()) {
                new Prefetcher(cache, background, prefetch).start(backgroundPool, () -> unmarkIfComplete(cache, file));
            }
        }
        LOG.log(System.Logger.Level.INFO, "serving {0} from {1} ({2} of {3} chunks present)", blob.key(), file,
                cache.states().readyChunks(), cache.states().chunks());
        return new Served(blob, cache, file, background);
    }

    /** Sends the registered images to the keeper, for a successor to re-register. */
    private void saveState() {
        Registrations r = registrations;
        if (keeper == null || r == null) return;
        try {
            ArrayNode arr = JSON.createArrayNode();
            r.snapshot().get().forEach(arr::add);
            keeper.saveState(JSON.writeValueAsString(arr));
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "cannot keep the image state with the keeper (a successor will not "
                    + "re-register the images): " + e.getMessage());
        }
    }

    /**
     * A successor's first steps, before it reads any event: re-register the predecessor's images (their cache files
     * are marked already and their pre-mark fds came from the keeper), then fill and answer every event the
     * predecessor journaled and did not answer. Entries are grouped by fd number and every range of a number is
     * filled before the number is answered: a slot whose event was answered just before the crash may share its
     * number with a live one.
     */
    private void resume(KeeperLink.Handover h) throws IOException {
        long start = System.nanoTime();
        Registrations r = registrations;
        int images = 0;
        JsonNode state = JSON.readTree(h.state());
        if (state != null && state.isArray()) {
            for (JsonNode entry : state) {
                if (r == null) {
                    LOG.log(System.Logger.Level.ERROR, "no image table to restore images into: {0} is not served", entry);
                    continue;
                }
                try {
                    prepare(r.add().add(entry));
                    images++;
                } catch (IOException | RuntimeException e) {
                    LOG.log(System.Logger.Level.ERROR, "cannot restore image " + entry.path("id").asText() + ": " + e.getMessage());
                }
            }
        }
        TreeMap<Integer, List<InFlightJournal.Entry>> byFd = new TreeMap<>();
        List<InFlightJournal.Entry> pending = journal.pending();
        for (InFlightJournal.Entry e : pending) byFd.computeIfAbsent(e.fd(), k -> new ArrayList<>()).add(e);
        LOG.log(System.Logger.Level.INFO, "the predecessor left {0} journaled events ({1} fd numbers): {2}", pending.size(),
                byFd.size(), pending.stream().limit(16).map(e -> e.fd() + ":" + e.path() + "@" + e.offset() + "+" + e.count()).toList());
        int allowed = 0, denied = 0, stale = 0;
        for (Map.Entry<Integer, List<InFlightJournal.Entry>> n : byFd.entrySet()) {
            boolean ok = true;
            String what = "journaled event fd " + n.getKey();
            for (InFlightJournal.Entry e : n.getValue()) {
                what = "journaled event fd " + e.fd() + " " + e.path() + " [" + e.offset() + ",+" + e.count() + ")";
                try {
                    // no path: the daemon died before it resolved the event's file: fill the range in every file
                    List<Served> targets = e.path().isEmpty() ? List.copyOf(served.values())
                            : java.util.Collections.singletonList(served.get(cacheDir.resolve(e.path()).toString()));
                    for (Served s : targets) {
                        if (s == null) throw new IOException("no image registered serves " + e.path());
                        if (e.path().isEmpty() && e.offset() >= s.cache().size()) continue;
                        fillJournaled(s, e);
                    }
                } catch (IOException | RuntimeException ex) {
                    ok = false;
                    LOG.log(System.Logger.Level.ERROR, "fill of " + what + " failed, its reader gets EIO: " + ex.getMessage());
                }
            }
            try {
                if (ok) group.allow(n.getKey());
                else group.deny(n.getKey(), EIO);
                if (ok) allowed++;
                else denied++;
            } catch (NativeException ex) { // ENOENT: answered before the crash, the slot was not cleared yet
                stale++;
                LOG.log(System.Logger.Level.DEBUG, "answer " + what + ": " + ex.getMessage());
            }
        }
        long sweepStart = System.nanoTime();
        int orphans = denyOrphans(group, byFd.isEmpty() ? 0 : byFd.lastKey());
        long sweepMillis = (System.nanoTime() - sweepStart) / 1_000_000;
        journal.startFresh();
        LOG.log(System.Logger.Level.INFO, "resumed from the keeper: {0} images re-registered; journaled events: {1} "
                + "answered ALLOW, {2} answered EIO, {3} answered already; {4} unjournaled events answered EIO "
                + "(resume {5} ms, of which the sweep {6} ms)",
                images, allowed, denied, stale, orphans, (System.nanoTime() - start) / 1_000_000, sweepMillis);
    }

    private static void fillJournaled(Served s, InFlightJournal.Entry e) throws IOException {
        long count = e.count() < 0 ? s.cache().size() : Math.min(e.count(), s.cache().size() - e.offset());
        CacheWriter via = s.background() != null ? s.background() : (off, data) -> {
            throw new IOException(s.file() + " is complete, yet " + off + " is missing");
        };
        s.cache().fill(e.offset(), count, via);
    }

    /** How many fd numbers {@link #denyOrphans} tries at least: more than a daemon ever has open. */
    static final int ORPHAN_SWEEP = 1 << 16;

    /**
     * Fails with EIO every permission event still pending in the group, by trying every fd number a dead daemon can
     * have used. Called by a successor after it answered the journaled events and before it reads any event itself:
     * at that point every pending event was read by a daemon that is gone (the keeper never reads), so these are
     * events the dead daemon read but had not journaled yet (a SIGKILL between read(2) and the journal write).
     * Their ranges are unknown, so they cannot be filled; EIO is the safe answer (a later read retries with a new
     * event), where waiting would end only with the group, in zeros. An unused number costs one ENOENT write.
     */
    static int denyOrphans(FanotifyGroup group, int highestJournaled) throws NativeException {
        int limit = Math.max(ORPHAN_SWEEP, 2 * highestJournaled + 1);
        long start = System.nanoTime();
        List<Integer> denied = group.denyAllPendingBelow(limit, EIO);
        for (int n : denied) {
            LOG.log(System.Logger.Level.WARNING, "event fd {0} was read by the dead daemon but not journaled: its reader gets EIO", n);
        }
        LOG.log(System.Logger.Level.DEBUG, "swept fd numbers 0..{0} in {1} ms", limit - 1, (System.nanoTime() - start) / 1_000_000);
        return denied.size();
    }

    @Override
    public void serve() throws IOException {
        serving = true;
        try {
            KeeperLink.Handover h = handover;
            handover = null;
            if (h != null) resume(h);
            while (!closed) {
                if (!group.await(200)) continue;
                List<PreAccessEvent> events = group.read();
                // journal the whole batch first, fd and range only (memory writes): they are ours from read(2) on
                int[] slots = new int[events.size()];
                for (int i = 0; i < slots.length; i++) {
                    PreAccessEvent ev = events.get(i);
                    slots[i] = journal == null || ev.fd() < 0 ? NO_JOURNAL
                            : journal.record(ev.fd(), ev.hasRange() ? ev.offset() : 0, ev.hasRange() ? ev.count() : -1);
                }
                List<InFlight> batch = new ArrayList<>();
                for (int i = 0; i < slots.length; i++) {
                    PreAccessEvent ev = events.get(i);
                    if (ev.fd() < 0) { // FAN_NOFD: a queue overflow, impossible with FAN_UNLIMITED_QUEUE
                        LOG.log(System.Logger.Level.ERROR, "fanotify event without fd (mask 0x{0})", Long.toHexString(ev.mask()));
                        continue;
                    }
                    batch.add(withPath(ev, slots[i]));
                }
                for (InFlight in : batch) {
                    PreAccessEvent ev = in.event();
                    if (in.slot() == NOT_JOURNALED) { // every slot taken: refuse rather than risk an unanswerable event
                        LOG.log(System.Logger.Level.ERROR, "fanotify journal full: event fd {0} gets EIO", ev.fd());
                        closeAndAnswer(in, false, "event fd " + ev.fd());
                        continue;
                    }
                    if (selfWrites.isSelf(ev.pid())) { // our own write through an fd opened after a mark
                        closeAndAnswer(in, true, "own write, tid " + ev.pid());
                        continue;
                    }
                    metrics.requests.increment();
                    long arrived = System.nanoTime();
                    if (answerIfPresent(in)) {
                        metrics.recordAnswer(System.nanoTime() - arrived);
                        continue;
                    }
                    try {
                        workers.execute(() -> {
                            handle(in);
                            metrics.recordAnswer(System.nanoTime() - arrived);
                        });
                    } catch (RuntimeException e) { // executor shut down: still answer
                        handle(in);
                    }
                }
            }
        } finally {
            // closed here, not in close(): the loop may be inside poll/read on the group fd
            closeGroup();
        }
    }

    /**
     * Answers on the listener thread an event whose range is filled already (every EROFS page-cache miss raises
     * one, filled or not): a bitmap check, no hand-off to a worker. False when it must be filled (or anything about
     * it is unusual): then a worker handles it, and answers it, as usual.
     */
    private boolean answerIfPresent(InFlight in) {
        PreAccessEvent ev = in.event();
        if (!ev.hasRange() || in.path() == null) return false;
        try {
            Served s = served.get(in.path());
            if (s == null || !s.cache().tryHit(ev.offset(), ev.count())) return false;
            metrics.recordRequest(ev.count());
            try (Fd eventFd = Fd.adopt(ev.fd())) {
                answer(in, true, "event fd " + ev.fd());
            }
            // read-ahead may have completed the file in the background: then no event needs to be raised any more
            unmarkIfComplete(s.cache(), s.file());
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private void handle(InFlight in) {
        PreAccessEvent ev = in.event();
        boolean allowed = false;
        String what = "event fd " + ev.fd();
        try (Fd eventFd = Fd.adopt(ev.fd())) {
            try {
                String path = in.path();
                if (path == null) throw new IOException("cannot tell which file event fd " + ev.fd() + " is for");
                Served s = served.get(path);
                if (s == null) throw new IOException("no blob is served from " + path);
                long offset = ev.hasRange() ? ev.offset() : 0;
                long count = ev.hasRange() ? ev.count() : s.cache().size();
                what = s.blob().key() + " [" + offset + ",+" + count + ") pid " + ev.pid();
                metrics.recordRequest(count);
                s.cache().fill(offset, count, (off, data) -> eventFd.pwriteFully(data, off));
                unmarkIfComplete(s.cache(), s.file());
                allowed = true;
            } catch (IOException e) { // the cause chain is in the message; the reader gets EIO for this range
                metrics.failures.increment();
                LOG.log(System.Logger.Level.ERROR, "fanotify fill failed, the reader gets EIO: " + what + ": " + e.getMessage());
            } catch (RuntimeException e) {
                metrics.failures.increment();
                LOG.log(System.Logger.Level.ERROR, "fanotify fill failed, the reader gets EIO: " + what, e);
            } finally {
                answer(in, allowed, what);
            }
        } catch (NativeException e) {
            LOG.log(System.Logger.Level.WARNING, "close " + what, e);
        }
    }

    /** An event from read(2) on: its cache file path (null if unknown) and its journal slot. */
    private record InFlight(PreAccessEvent event, String path, int slot) {}

    private static final int NOT_JOURNALED = -1, NO_JOURNAL = -2;

    /** Resolves the event's file and adds it to its journal slot (with a keeper). */
    private InFlight withPath(PreAccessEvent ev, int slot) {
        String path;
        try {
            path = Files.readSymbolicLink(Path.of("/proc/self/fd/" + ev.fd())).toString();
        } catch (IOException e) {
            path = null;
        }
        if (slot >= 0 && path != null && path.startsWith(cacheDir.toString())) {
            journal.setPath(slot, cacheDir.relativize(Path.of(path)).toString());
        }
        return new InFlight(ev, path, slot);
    }

    private void closeAndAnswer(InFlight in, boolean allowed, String what) {
        try (Fd eventFd = Fd.adopt(in.event().fd())) {
            answer(in, allowed, what);
        } catch (NativeException e) {
            LOG.log(System.Logger.Level.WARNING, "close " + what, e);
        }
    }

    /**
     * Answers once, then frees the journal slot (a crash in between leaves a stale slot: harmless, see resume). A
     * failed answer (the group closed under a clean stop) keeps the slot, so a successor answers it.
     */
    private void answer(InFlight in, boolean allowed, String what) {
        int fd = in.event().fd();
        try {
            if (allowed) group.allow(fd);
            else group.deny(fd, EIO);
            if (journal != null) journal.clear(in.slot());
        } catch (NativeException e) {
            LOG.log(System.Logger.Level.ERROR, "cannot answer " + what, e);
        }
    }

    /** A complete file needs no events any more, unless eviction may punch holes into it again. */
    private void unmarkIfComplete(FileBlobCache cache, Path file) {
        if (!evictable && cache.isComplete()) unmarkQuietly(file);
    }

    private void unmarkQuietly(Path file) {
        try {
            group.unmark(file);
            LOG.log(System.Logger.Level.INFO, "{0} is complete: mark removed", file);
        } catch (NativeException e) {
            LOG.log(System.Logger.Level.DEBUG, "unmark " + file, e);
        }
    }

    @Override
    public void close() {
        closed = true;
        if (!serving) closeGroup();
    }

    private void closeGroup() {
        premarkWriters.values().forEach(SharedFdWriter::close);
        premarkWriters.clear();
        served.clear();
        // The journal stays mapped: a worker may still be answering (its slot must outlive a failed answer anyway).
        if (keeper != null) keeper.close();
        try {
            group.close();
        } catch (NativeException e) {
            LOG.log(System.Logger.Level.WARNING, "close fanotify group", e);
        }
    }
}
