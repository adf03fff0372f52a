package dev.swiftlet.daemon.frontend.fanotify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.swiftlet.daemon.cache.CacheWriter;
import dev.swiftlet.daemon.frontend.KeptImages;
import dev.swiftlet.sys.Errno;
import dev.swiftlet.sys.NativeException;
import dev.swiftlet.sys.fanotify.FanotifyGroup;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Crash safety with a keeper ({@link GroupKeeper}; {@code SWIFTLET_KEEPER_SOCKET} or {@code --keeper}): the group fd
 * goes to the keeper right after creation, before any mark, so it outlives this process; so does, per cache file, an
 * fd opened before the file's mark ({@link ServedFiles}). Every event read is journaled ({@link InFlightJournal})
 * until it is answered. A successor adopts the group, re-registers the images the keeper kept (their files are marked
 * already), then fills and answers every journaled event by its fd number, all before it reads a single event of its
 * own (so none of its event fds can carry a number it is about to answer for the dead daemon).
 */
final class KeeperRecovery {
    private static final System.Logger LOG = System.getLogger(KeeperRecovery.class.getName());
    /** How many fd numbers {@link #denyOrphans} tries at least: more than a daemon ever has open. */
    static final int ORPHAN_SWEEP = 1 << 16;

    /**
     * The group a front end serves, and what comes with it.
     *
     * @param keeper null without a keeper: then the group dies with this process (fails open) and nothing is journaled
     * @param journal null without a keeper
     * @param handover what a predecessor left with the keeper; null when this daemon created the group
     */
    record Start(FanotifyGroup group, KeeperLink keeper, InFlightJournal journal, KeeperLink.Handover handover) {}

    /** Re-registers one kept image and prepares its files. */
    @FunctionalInterface
    interface Restorer {
        void restore(JsonNode entry) throws IOException;
    }

    private KeeperRecovery() {}

    /**
     * Without a keeper: a new group. With one: the predecessor's group if the keeper holds one, else a new group that
     * the keeper gets before any mark (and a fresh journal: a journal without a kept group belongs to a group that is gone).
     */
    static Start start(Path cacheDir) throws IOException {
        Path keeperSocket = KeeperLink.configuredSocket();
        if (keeperSocket == null) return new Start(FanotifyGroup.create(true, true), null, null, null);
        KeeperLink keeper = KeeperLink.connect(keeperSocket);
        FanotifyGroup g = null;
        try {
            InFlightJournal journal = InFlightJournal.open(cacheDir);
            KeeperLink.Handover handover = keeper.hello();
            if (handover != null) {
                g = FanotifyGroup.fromFd(handover.group().intValue());
                LOG.log(
                        System.Logger.Level.INFO,
                        "adopted the fanotify group from keeper {0} ({1} cache files)",
                        keeperSocket,
                        handover.blobs().size());
            } else {
                g = FanotifyGroup.create(true, true);
                keeper.keepGroup(g.fd()); // before any mark: from here on the group outlives this process
                journal.startFresh();
                LOG.log(System.Logger.Level.INFO, "fanotify group kept by keeper {0}", keeperSocket);
            }
            return new Start(g, keeper, journal, handover);
        } catch (IOException | RuntimeException e) {
            if (g != null) g.fd().closeQuietly();
            keeper.close();
            throw e;
        }
    }

    /** Sends the registered images to the keeper, for a successor to re-register; a failure is logged, not thrown. */
    static void saveImages(KeeperLink keeper, List<JsonNode> entries) {
        try {
            keeper.saveState(KeptImages.write(entries));
        } catch (IOException e) {
            LOG.log(
                    System.Logger.Level.ERROR,
                    "cannot keep the image state with the keeper (a successor will not " + "re-register the images): "
                            + e.getMessage());
        }
    }

    /**
     * A successor's first steps, before it reads any event: re-register the predecessor's images (their cache files
     * are marked already and their pre-mark fds came from the keeper), then fill and answer every event the
     * predecessor journaled and did not answer. Entries are grouped by fd number and every range of a number is
     * filled before the number is answered: a slot whose event was answered just before the crash may share its
     * number with a live one.
     *
     * @param restorer null when there is no image table to restore into (the images are then not served)
     */
    static void resume(Start s, Restorer restorer, ServedFiles files) throws IOException {
        long start = System.nanoTime();
        int images = 0;
        for (JsonNode entry : KeptImages.read(s.handover().state())) {
            if (restorer == null) {
                LOG.log(System.Logger.Level.ERROR, "no image table to restore images into: {0} is not served", entry);
                continue;
            }
            try {
                restorer.restore(entry);
                images++;
            } catch (IOException | RuntimeException e) {
                LOG.log(
                        System.Logger.Level.ERROR,
                        "cannot restore image " + entry.path("id").asText() + ": " + e.getMessage());
            }
        }
        TreeMap<Integer, List<InFlightJournal.Entry>> byFd = new TreeMap<>();
        List<InFlightJournal.Entry> pending = s.journal().pending();
        for (InFlightJournal.Entry e : pending)
            byFd.computeIfAbsent(e.fd(), k -> new ArrayList<>()).add(e);
        LOG.log(
                System.Logger.Level.INFO,
                "the predecessor left {0} journaled events ({1} fd numbers): {2}",
                pending.size(),
                byFd.size(),
                pending.stream()
                        .limit(16)
                        .map(e -> e.fd() + ":" + e.path() + "@" + e.offset() + "+" + e.count())
                        .toList());
        int allowed = 0, denied = 0, stale = 0;
        for (Map.Entry<Integer, List<InFlightJournal.Entry>> n : byFd.entrySet()) {
            boolean ok = true;
            String what = "journaled event fd " + n.getKey();
            for (InFlightJournal.Entry e : n.getValue()) {
                what = "journaled event fd " + e.fd() + " " + e.path() + " [" + e.offset() + ",+" + e.count() + ")";
                try {
                    // no path: the daemon died before it resolved the event's file: fill the range in every file
                    List<ServedFiles.Served> targets = e.path().isEmpty()
                            ? List.copyOf(files.all())
                            : Collections.singletonList(files.byRelativePath(e.path()));
                    for (ServedFiles.Served f : targets) {
                        if (f == null) throw new IOException("no image registered serves " + e.path());
                        if (e.path().isEmpty() && e.offset() >= f.cache().size()) continue;
                        fillJournaled(f, e);
                    }
                } catch (IOException | RuntimeException ex) {
                    ok = false;
                    LOG.log(
                            System.Logger.Level.ERROR,
                            "fill of " + what + " failed, its reader gets EIO: " + ex.getMessage());
                }
            }
            try {
                if (ok) s.group().allow(n.getKey());
                else s.group().deny(n.getKey(), Errno.EIO);
                if (ok) allowed++;
                else denied++;
            } catch (NativeException ex) { // ENOENT: answered before the crash, the slot was not cleared yet
                stale++;
                LOG.log(System.Logger.Level.DEBUG, "answer " + what + ": " + ex.getMessage());
            }
        }
        long sweepStart = System.nanoTime();
        int orphans = denyOrphans(s.group(), byFd.isEmpty() ? 0 : byFd.lastKey());
        long sweepMillis = (System.nanoTime() - sweepStart) / 1_000_000;
        s.journal().startFresh();
        LOG.log(
                System.Logger.Level.INFO,
                "resumed from the keeper: {0} images re-registered; journaled events: {1} "
                        + "answered ALLOW, {2} answered EIO, {3} answered already; {4} unjournaled events answered EIO "
                        + "(resume {5} ms, of which the sweep {6} ms)",
                images,
                allowed,
                denied,
                stale,
                orphans,
                (System.nanoTime() - start) / 1_000_000,
                sweepMillis);
    }

    private static void fillJournaled(ServedFiles.Served s, InFlightJournal.Entry e) throws IOException {
        long count =
                e.count() < 0 ? s.cache().size() : Math.min(e.count(), s.cache().size() - e.offset());
        CacheWriter via = s.background() != null
                ? s.background()
                : (off, data) -> {
                    throw new IOException(s.file() + " is complete, yet " + off + " is missing");
                };
        s.cache().fill(e.offset(), count, via);
    }

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
        List<Integer> denied = group.denyAllPendingBelow(limit, Errno.EIO);
        for (int n : denied) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "event fd {0} was read by the dead daemon but not journaled: its reader gets EIO",
                    n);
        }
        LOG.log(
                System.Logger.Level.DEBUG,
                "swept fd numbers 0..{0} in {1} ms",
                limit - 1,
                (System.nanoTime() - start) / 1_000_000);
        return denied.size();
    }
}
