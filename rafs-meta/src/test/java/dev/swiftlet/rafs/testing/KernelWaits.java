package dev.swiftlet.rafs.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Whether a thread of this process is asleep in the kernel inside a given subsystem (its kernel stack names it):
 * what "a reader is held" means, e.g. waiting in fanotify for its pre-content event's answer, or in cachefiles for
 * an on-demand READ. Kernel state has no signal a test can wait on, so {@link #await} polls it with a deadline.
 * Needs root (the stack file) and platform threads (a virtual thread has no kernel thread of its own).
 */
public final class KernelWaits {
    private KernelWaits() {}

    /** The calling platform thread's id in the kernel. */
    public static int currentTid() {
        try {
            return Integer.parseInt(Files.readSymbolicLink(Path.of("/proc/thread-self"))
                    .getFileName()
                    .toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The thread's kernel stack, one frame a line, or why it cannot be read. */
    public static String stack(int tid) {
        try {
            return Files.readString(Path.of("/proc/self/task", Integer.toString(tid), "stack"));
        } catch (IOException gone) {
            return "(thread " + tid + " gone: " + gone + ")";
        }
    }

    /**
     * Whether thread {@code tid} is asleep in {@code frame}: its stack holds it, and, read after, its state is S or D
     * (not woken: a thread woken in between is R, or has left the wait). Asked just after whatever would have woken
     * it, a true answer means it was not woken.
     */
    public static boolean asleepIn(int tid, String frame) {
        if (!stack(tid).contains(frame)) return false;
        try {
            String stat = Files.readString(Path.of("/proc/self/task", Integer.toString(tid), "stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2); // "tid (comm) S ...": comm may hold anything
            return state == 'S' || state == 'D';
        } catch (IOException gone) {
            return false;
        }
    }

    /**
     * Waits until thread {@code tid} is {@linkplain #asleepIn asleep in} {@code frame} (e.g. {@code "fanotify"});
     * fails at once when {@code ended} turns true first (the operation was let through instead of held), or with
     * the stack once {@code limit} has passed.
     */
    public static void await(int tid, String frame, BooleanSupplier ended, Duration limit, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!asleepIn(tid, frame)) {
            if (ended.getAsBoolean()) throw new AssertionError(what + ": ended instead of waiting in " + frame);
            if (System.nanoTime() > deadline)
                throw new AssertionError(what + ": never waited in " + frame + "; its stack:\n" + stack(tid));
            Thread.sleep(1); // between looks at /proc: the CPU belongs to what is being waited for
        }
    }
}
