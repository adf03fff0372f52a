package dev.swiftlet.daemon.frontend.fanotify;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Every fanotify event this daemon has read and not yet answered, in a memory-mapped file of fixed slots in the
 * cache directory, where a successor finds them: the kernel never delivers such an event again, and its reader
 * waits until someone answers by the event's fd number. A slot is written before the fill starts and cleared
 * after the answer. No fsync: a SIGKILLed process loses no page-cache write, and the journal is only needed while
 * the machine (and so the group) lives.
 *
 * <p>Slot layout (little-endian, {@value #SLOT} bytes): {@code int fdPlusOne} (0: free; written last), {@code int
 * pathLength}, {@code long offset}, {@code long count}, then the cache file's path relative to the cache directory.
 */
final class InFlightJournal implements AutoCloseable {
    static final String FILE_NAME = "fanotify-inflight.journal";
    static final int SLOT = 512;
    static final int SLOTS = 4096;
    private static final int HEADER = 24;
    private static final int MAX_PATH = SLOT - HEADER;
    private static final ValueLayout.OfInt INT =
            ValueLayout.JAVA_INT_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong LONG =
            ValueLayout.JAVA_LONG_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN);

    /** One unanswered event as the journal holds it. */
    record Entry(int slot, int fd, String path, long offset, long count) {}

    private final Path file;
    private final Arena arena;
    private final MemorySegment slots;
    private final ConcurrentLinkedDeque<Integer> free = new ConcurrentLinkedDeque<>();

    private InFlightJournal(Path file, Arena arena, MemorySegment slots) {
        this.file = file;
        this.arena = arena;
        this.slots = slots;
    }

    /** Opens (creating if needed) the journal in {@code cacheDir}; no slot is free until {@link #startFresh()}. */
    static InFlightJournal open(Path cacheDir) throws IOException {
        Files.createDirectories(cacheDir);
        Path file = cacheDir.resolve(FILE_NAME);
        try (FileChannel ch =
                FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = (long) SLOT * SLOTS;
            if (ch.size() != size)
                ch.truncate(0).write(java.nio.ByteBuffer.allocate(1), size - 1); // sparse, zero: all free
            Arena arena = Arena.ofShared();
            return new InFlightJournal(file, arena, ch.map(FileChannel.MapMode.READ_WRITE, 0, size, arena));
        }
    }

    /** The events a predecessor read and did not (as far as the journal knows) answer. */
    List<Entry> pending() throws IOException {
        List<Entry> out = new ArrayList<>();
        for (int i = 0; i < SLOTS; i++) {
            MemorySegment s = slots.asSlice((long) i * SLOT, SLOT);
            int fdPlusOne = s.get(INT, 0);
            if (fdPlusOne == 0) continue;
            int len = s.get(INT, 4);
            if (fdPlusOne < 1 || len < 0 || len > MAX_PATH) {
                throw new IOException("fanotify journal " + file + ": slot " + i + " is corrupt (fd+1 " + fdPlusOne
                        + ", path length " + len + ")");
            }
            String path = new String(s.asSlice(HEADER, len).toArray(ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8);
            out.add(new Entry(i, fdPlusOne - 1, path, s.get(LONG, 8), s.get(LONG, 16)));
        }
        return out;
    }

    /** Clears every slot and makes all of them free: after the predecessor's events are answered (or without one). */
    void startFresh() {
        slots.fill((byte) 0);
        free.clear();
        for (int i = 0; i < SLOTS; i++) free.add(i);
    }

    /** Journals an event; returns its slot, or -1 when every slot is taken (the caller must then deny the event). */
    int record(int fd, String path, long offset, long count) {
        byte[] p = path.getBytes(StandardCharsets.UTF_8);
        if (p.length > MAX_PATH) return -1;
        int slot = record(fd, offset, count);
        if (slot >= 0) setPath(slot, path);
        return slot;
    }

    /**
     * Journals an event before its file is known (memory writes only: done for a whole batch right after read(2),
     * so the time in which a crash loses an event is as short as it can be); {@link #setPath} adds the file.
     * A successor that finds no path fills the range in every cache file it serves.
     */
    int record(int fd, long offset, long count) {
        Integer slot = free.pollFirst();
        if (slot == null) return -1;
        MemorySegment s = slots.asSlice((long) slot * SLOT, SLOT);
        s.set(INT, 4, 0);
        s.set(LONG, 8, offset);
        s.set(LONG, 16, count);
        s.set(INT, 0, fd + 1); // last: a slot is live only once its fd and range are written
        return slot;
    }

    /** Adds the cache file's path (relative to the cache directory) to a live slot; false if it does not fit. */
    boolean setPath(int slot, String path) {
        if (slot < 0) return false;
        byte[] p = path.getBytes(StandardCharsets.UTF_8);
        if (p.length > MAX_PATH) return false;
        MemorySegment s = slots.asSlice((long) slot * SLOT, SLOT);
        MemorySegment.copy(p, 0, s, ValueLayout.JAVA_BYTE, HEADER, p.length);
        s.set(INT, 4, p.length); // after the bytes: a crash in between leaves no path, never half of one
        return true;
    }

    /** Frees {@code slot} after its event was answered. */
    void clear(int slot) {
        if (slot < 0) return;
        slots.set(INT, (long) slot * SLOT, 0);
        free.addFirst(slot);
    }

    @Override
    public void close() {
        arena.close();
    }
}
