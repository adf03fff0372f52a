package dev.swiftlet.daemon.frontend.fanotify;

import dev.swiftlet.daemon.cache.CacheWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The kernel thread ids of this daemon's threads that are writing a cache file right now, so the listener can
 * answer an event such a write raised with ALLOW without filling (filling would wait for the write: deadlock).
 *
 * <p>Why thread ids: the group is created with {@code FAN_REPORT_TID}, so an event's pid is the id of the task
 * that raised it. A thread is in the set only for the duration of a {@code pwrite} to a cache file, so the test
 * is exact: a reader thread of the same JVM (tests read mounts in-process) is never in it and is never allowed
 * unfilled. A pid test would be wrong for exactly that reader. Writers are platform threads (the front end's
 * workers), so the id read before the write is the task that performs it.
 *
 * <p>Normally no write raises an event at all: every write goes through the event's own fd or through an fd
 * opened before the file was marked (kept by the keeper across restarts). This is the guard for any write that
 * does not.
 */
final class SelfWrites {
    private static final ThreadLocal<Integer> TID = ThreadLocal.withInitial(SelfWrites::readTid);
    private final Set<Integer> writing = ConcurrentHashMap.newKeySet();

    /** The calling thread's kernel thread id ({@code /proc/thread-self} is {@code <pid>/task/<tid>}). */
    static int currentTid() {
        return TID.get();
    }

    private static int readTid() {
        try {
            String link = Files.readSymbolicLink(Path.of("/proc/thread-self")).toString();
            return Integer.parseInt(link.substring(link.lastIndexOf('/') + 1));
        } catch (IOException e) {
            throw new UncheckedIOException("read /proc/thread-self for this thread's id", e);
        }
    }

    /** True when {@code tid} (an event's pid under FAN_REPORT_TID) is one of our threads inside a cache write. */
    boolean isSelf(int tid) {
        return writing.contains(tid);
    }

    /** {@code w} with each write announced: the writing thread's id is in the set while the write runs. */
    CacheWriter around(CacheWriter w) {
        return (offset, data) -> write(w, offset, data);
    }

    private void write(CacheWriter w, long offset, ByteBuffer data) throws IOException {
        during(() -> w.write(offset, data));
    }

    /** Something that changes a cache file (a write, a punched hole). */
    @FunctionalInterface
    interface FileChange {
        void run() throws IOException;
    }

    /** Runs {@code change} with this thread announced as writing (an event it raises is answered at once). */
    void during(FileChange change) throws IOException {
        int tid = currentTid();
        boolean added = writing.add(tid); // false only if this thread is already inside a write (nested): keep it
        try {
            change.run();
        } finally {
            if (added) writing.remove(tid);
        }
    }
}
