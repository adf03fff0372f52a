package dev.swiftlet.daemon.frontend.fanotify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.swiftlet.daemon.cache.AccessEpoch;
import dev.swiftlet.daemon.cache.CacheSpace;
import dev.swiftlet.daemon.frontend.BlobCaches;
import dev.swiftlet.daemon.frontend.FrontEnd;
import dev.swiftlet.daemon.frontend.MountPlan;
import dev.swiftlet.daemon.frontend.Restorable;
import dev.swiftlet.daemon.images.BlobEntry;
import dev.swiftlet.daemon.images.ImageEntry;
import dev.swiftlet.daemon.images.ImageTable;
import dev.swiftlet.daemon.metrics.DaemonMetrics;
import dev.swiftlet.sys.Errno;
import dev.swiftlet.sys.Fd;
import dev.swiftlet.sys.NativeException;
import dev.swiftlet.sys.fanotify.FanotifyGroup;
import dev.swiftlet.sys.fanotify.PreAccessEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Serves file-backed EROFS mounts through fanotify pre-content events: the event loop. Each event is mapped to its
 * cache file ({@link ServedFiles}) via {@code /proc/self/fd}, filled by a worker through the event fd itself (a fd
 * opened after the mark would raise events on itself) and answered exactly once from {@code finally}. With a keeper,
 * every event is journaled from read(2) until it is answered, and a successor first resumes what its predecessor
 * left ({@link KeeperRecovery}).
 */
public final class FanotifyFrontEnd implements FrontEnd, MountPlan.Planner, Restorable {
    private static final System.Logger LOG = System.getLogger(FanotifyFrontEnd.class.getName());

    private final Executor workers;
    private final DaemonMetrics metrics;
    private final FanotifyGroup group;
    /** Null without a keeper: then the group dies with this process (fails open) and nothing is journaled. */
    private final KeeperLink keeper;
    /** How the group was set up; its handover (null when this daemon created the group) is consumed by serve(). */
    private KeeperRecovery.Start start;

    private final InFlightJournal journal;
    private final Path cacheDir;
    private final SelfWrites selfWrites = new SelfWrites();
    private final ServedFiles files;
    private final ImageTable images;
    private volatile Registrations registrations;
    private volatile boolean closed;
    private volatile boolean serving;

    /** Where a successor re-registers images, and where the registered images are read to be kept. */
    private record Registrations(Registrar add, Supplier<List<JsonNode>> snapshot) {}

    /**
     * @param workers where events are filled and answered
     * @param backgroundPool where read-ahead and prefetch run (a pool of their own keeps events from queueing behind
     *     long background fetches)
     * @param epoch the recency clock stamped on every chunk a kernel request asks for
     * @param evictable a cache limit is set: keep every file marked and punchable ({@link #cacheSpace()})
     */
    public FanotifyFrontEnd(
            Path cacheDir,
            ImageTable images,
            Executor workers,
            Executor backgroundPool,
            DaemonMetrics metrics,
            AccessEpoch epoch,
            boolean evictable)
            throws IOException {
        this.cacheDir = cacheDir.toAbsolutePath();
        this.workers = workers;
        this.metrics = metrics;
        this.images = images;
        this.start = KeeperRecovery.start(this.cacheDir);
        this.group = start.group();
        this.keeper = start.keeper();
        this.journal = start.journal();
        this.files = new ServedFiles(
                this.cacheDir,
                group,
                keeper,
                new BlobCaches(metrics, epoch),
                selfWrites,
                backgroundPool,
                evictable,
                start.handover() == null ? Map.of() : start.handover().blobs());
    }

    /**
     * Where a successor re-registers the images its predecessor served ({@code add}), and where the registered
     * images are read to be kept by the keeper ({@code snapshot}): the daemon's BlobCacheEntries, whose documents
     * are what clients sent. Call before {@link #serve()}; without it a successor restores no images.
     */
    @Override
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
        return files.cacheSpace(images);
    }

    /** Sizes, restores and marks the image's cache files; the mount is {@code (bootstrap, device=...)}. */
    @Override
    public MountPlan prepare(ImageEntry image) throws IOException {
        List<String> devices = new ArrayList<>();
        for (BlobEntry blob : image.blobs())
            devices.add("device=" + files.serve(blob, image.spec().prefetch()));
        Registrations r = registrations;
        if (keeper != null && r != null)
            KeeperRecovery.saveImages(keeper, r.snapshot().get());
        return new MountPlan(image.spec().bootstrap().toAbsolutePath().toString(), String.join(",", devices));
    }

    @Override
    public void serve() throws IOException {
        serving = true;
        try {
            KeeperRecovery.Start s = start;
            start = null;
            if (s.handover() != null) {
                Registrations r = registrations;
                KeeperRecovery.resume(
                        s, r == null ? null : entry -> prepare(r.add().add(entry)), files);
            }
            while (!closed) {
                if (!group.await(200)) continue;
                dispatch(group.read());
            }
        } finally {
            // closed here, not in close(): the loop may be inside poll/read on the group fd
            closeGroup();
        }
    }

    /**
     * Journals, answers (when filled already) or hands to a worker one batch of events. A method of its own, not
     * the body of serve()'s loop: the JIT compiles a method after a few hundred calls, while a loop that never
     * returns is compiled only by on-stack replacement, after tens of thousands of back-edges. Until then every
     * event ran interpreted: a third of the listener thread's time in a perf profile of a cold sequential read
     * (benchmarks/RESULTS.md, "Read paths against C baselines").
     */
    private void dispatch(List<PreAccessEvent> events) {
        // journal the whole batch first, fd and range only (memory writes): they are ours from read(2) on
        int[] slots = new int[events.size()];
        for (int i = 0; i < slots.length; i++) {
            PreAccessEvent ev = events.get(i);
            slots[i] = journal == null || ev.fd() < 0
                    ? NO_JOURNAL
                    : journal.record(ev.fd(), ev.hasRange() ? ev.offset() : 0, ev.hasRange() ? ev.count() : -1);
        }
        List<InFlight> batch = new ArrayList<>();
        for (int i = 0; i < slots.length; i++) {
            PreAccessEvent ev = events.get(i);
            if (ev.fd() < 0) { // FAN_NOFD: a queue overflow, impossible with FAN_UNLIMITED_QUEUE
                LOG.log(
                        System.Logger.Level.ERROR,
                        "fanotify event without fd (mask 0x{0})",
                        Long.toHexString(ev.mask()));
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

    /**
     * Answers on the listener thread an event whose range is filled already (every EROFS page-cache miss raises
     * one, filled or not): a bitmap check, no hand-off to a worker. False when it must be filled (or anything about
     * it is unusual): then a worker handles it, and answers it, as usual.
     */
    private boolean answerIfPresent(InFlight in) {
        PreAccessEvent ev = in.event();
        if (!ev.hasRange() || in.path() == null) return false;
        try {
            ServedFiles.Served s = files.get(in.path());
            if (s == null || !s.cache().tryHit(ev.offset(), ev.count())) return false;
            metrics.recordRequest(ev.count());
            try (Fd eventFd = Fd.adopt(ev.fd())) {
                answer(in, true, "event fd " + ev.fd());
            }
            // read-ahead may have completed the file in the background: then no event needs to be raised any more
            files.unmarkIfComplete(s.cache(), s.file());
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
                ServedFiles.Served s = files.get(path);
                if (s == null) throw new IOException("no blob is served from " + path);
                long offset = ev.hasRange() ? ev.offset() : 0;
                long count = ev.hasRange() ? ev.count() : s.cache().size();
                what = s.blob().key() + " [" + offset + ",+" + count + ") pid " + ev.pid();
                metrics.recordRequest(count);
                s.cache().fill(offset, count, (off, data) -> eventFd.pwriteFully(data, off));
                files.unmarkIfComplete(s.cache(), s.file());
                allowed = true;
            } catch (IOException e) { // the cause chain is in the message; the reader gets EIO for this range
                metrics.failures.increment();
                LOG.log(
                        System.Logger.Level.ERROR,
                        "fanotify fill failed, the reader gets EIO: " + what + ": " + e.getMessage());
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
            else group.deny(fd, Errno.EIO);
            if (journal != null) journal.clear(in.slot());
        } catch (NativeException e) {
            LOG.log(System.Logger.Level.ERROR, "cannot answer " + what, e);
        }
    }

    @Override
    public void close() {
        closed = true;
        if (!serving) closeGroup();
    }

    private void closeGroup() {
        files.close();
        // The journal stays mapped: a worker may still be answering (its slot must outlive a failed answer anyway).
        if (keeper != null) keeper.close();
        try {
            group.close();
        } catch (NativeException e) {
            LOG.log(System.Logger.Level.WARNING, "close fanotify group", e);
        }
    }
}
