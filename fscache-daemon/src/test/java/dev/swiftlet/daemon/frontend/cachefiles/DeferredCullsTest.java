package dev.swiftlet.daemon.frontend.cachefiles;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swiftlet.daemon.frontend.Culler;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The kernel's side is played by hand: which keys are open, when the backing file is linked in; the timer is a queue
 * the test runs, so the pauses cost nothing and their order is checked.
 */
class DeferredCullsTest {
    final Set<String> open = new HashSet<>();
    final Set<String> registered = new HashSet<>();
    /** Keys whose file the kernel has linked in (cullable), and what was culled. */
    final Set<String> linked = new HashSet<>();

    final List<String> culled = new ArrayList<>();
    final Queue<Runnable> timer = new ArrayDeque<>();
    final List<Duration> pauses = new ArrayList<>();

    final DeferredCulls culls = new DeferredCulls(
            key -> {
                if (!linked.remove(key)) return new Culler.Culled(0, List.of());
                culled.add(key);
                return new Culler.Culled(1, List.of());
            },
            (pause, task) -> {
                pauses.add(pause);
                timer.add(task);
            },
            open::contains,
            registered::contains);

    void runTimer() {
        while (!timer.isEmpty()) timer.poll().run();
    }

    @Test
    void aCullOfAnOpenObjectWaitsForItsCloseThenTriesUntilTheFileIsLinkedIn() {
        open.add("blob1");
        culls.defer("blob1");
        assertThat(timer).as("no try while the kernel holds the object").isEmpty();

        open.remove("blob1");
        culls.closed("blob1");
        // first tries find no file yet (the kernel links it in after CLOSE)
        timer.poll().run();
        timer.poll().run();
        assertThat(culled).isEmpty();
        linked.add("blob1");
        runTimer();
        assertThat(culled).containsExactly("blob1");
        assertThat(culls.isPending("blob1")).isFalse();
        assertThat(pauses)
                .startsWith(DeferredCulls.PAUSES.get(0), DeferredCulls.PAUSES.get(1), DeferredCulls.PAUSES.get(2));
    }

    @Test
    void aCullAfterTheCloseStartsTryingAtOnce() {
        culls.defer("boot1");
        linked.add("boot1");
        runTimer();
        assertThat(culled).containsExactly("boot1");
    }

    @Test
    void aKeyRegisteredAgainIsNotCulled() {
        culls.defer("blob1");
        registered.add("blob1");
        linked.add("blob1");
        runTimer();
        assertThat(culled).isEmpty();
        assertThat(culls.isPending("blob1")).isFalse();
    }

    @Test
    void aKeyOpenedAgainWaitsForTheNextClose() {
        culls.defer("blob1");
        open.add("blob1");
        runTimer();
        assertThat(timer).isEmpty();
        assertThat(culls.isPending("blob1")).isTrue();
        open.remove("blob1");
        linked.add("blob1");
        culls.closed("blob1");
        runTimer();
        assertThat(culled).containsExactly("blob1");
    }

    @Test
    void triesRunOutWhenTheFileNeverAppears() {
        culls.defer("gone");
        runTimer();
        assertThat(pauses).isEqualTo(DeferredCulls.PAUSES);
        assertThat(culls.isPending("gone")).isFalse();
        assertThat(culled).isEmpty();
    }

    @Test
    void aCloseOfAKeyNobodyAskedToCullDoesNothing() {
        culls.closed("blob1");
        assertThat(timer).isEmpty();
    }
}
