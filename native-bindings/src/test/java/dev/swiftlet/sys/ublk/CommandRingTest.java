package dev.swiftlet.sys.ublk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swiftlet.sys.Fd;
import dev.swiftlet.sys.raw.Libc;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The ring's own mechanics on this host's io_uring (ublk itself is tested in the VM): reads of an eventfd queued,
 * submitted, woken from another thread and reaped with their user data and results, more times than the ring has
 * entries (the head and tail wrap).
 */
class CommandRingTest {
    @Test
    void eventfdReadsCompleteWhenAnotherThreadWritesAndTheRingWraps() throws Exception {
        try (CommandRing ring = CommandRing.create(2);
                Fd efd = Fd.adopt(Libc.eventfd(0, Libc.EFD_CLOEXEC()));
                Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(8, 8);
            List<long[]> seen = new ArrayList<>();
            for (int round = 0; round < 10; round++) {
                ring.read(efd.intValue(), buf, 100 + round);
                ring.submit();
                long value = round + 1;
                Thread writer = Thread.ofPlatform().start(() -> {
                    try (Arena w = Arena.ofConfined()) {
                        MemorySegment v = w.allocate(ValueLayout.JAVA_LONG);
                        v.set(ValueLayout.JAVA_LONG, 0, value);
                        efd.write(v);
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                });
                ring.submitAndWait(1);
                writer.join();
                ring.reap((userData, res) -> seen.add(new long[] {userData, res, buf.get(ValueLayout.JAVA_LONG, 0)}));
            }
            assertThat(seen).hasSize(10);
            for (int round = 0; round < 10; round++) {
                assertThat(seen.get(round)).containsExactly(100 + round, 8, round + 1);
            }
        }
    }
}
