package dev.swiftlet.daemon.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swiftlet.daemon.cache.EvictionPlan.Unit;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The eviction policy's rules, one table each (see {@link EvictionPlan}). */
class EvictionPlanTest {
    static Unit chunk(String file, int c, int lastUse, boolean referenced) {
        return new Unit(file, c, c * 100L, 100, lastUse, referenced);
    }

    @Test
    void nothingAtOrUnderTheLimit() {
        List<Unit> all = List.of(chunk("a", 0, 1, true), chunk("a", 1, 1, true));
        assertThat(EvictionPlan.choose(all, 1000, 1000, 900, 10)).isEmpty();
        assertThat(EvictionPlan.choose(all, 999, 1000, 900, 10)).isEmpty();
    }

    @Test
    void overTheLimitEvictsLeastRecentlyUsedChunksDownToTheLowWaterMark() {
        List<Unit> all = List.of(
                chunk("a", 0, 7, true),
                chunk("b", 0, 3, true),
                chunk("a", 1, 5, true),
                chunk("b", 1, 4, true),
                chunk("a", 2, 6, true));
        // 1250 used, low water 1000: three chunks of 100 take it to 950, the oldest three
        assertThat(EvictionPlan.choose(all, 1250, 1200, 1000, 10))
                .containsExactly(chunk("b", 0, 3, true), chunk("b", 1, 4, true), chunk("a", 1, 5, true));
    }

    @Test
    void dataInUseIsNeverChosenEvenIfTheTargetIsMissed() {
        List<Unit> all = List.of(chunk("a", 0, 9, true), chunk("a", 1, 2, true), chunk("a", 2, 8, true));
        assertThat(EvictionPlan.choose(all, 2000, 1000, 900, 8)).containsExactly(chunk("a", 1, 2, true));
    }

    @Test
    void unreferencedDataGoesFirstWhateverItsRecency() {
        Unit released = chunk("gone", 0, 6, false);
        Unit orphan = new Unit("old-run", Unit.WHOLE_FILE, 0, 300, 0, false);
        List<Unit> all = List.of(chunk("a", 0, 1, true), released, orphan, chunk("a", 1, 2, true));
        assertThat(EvictionPlan.choose(all, 1500, 1200, 1100, 10)).containsExactly(orphan, released);
        assertThat(EvictionPlan.choose(all, 1500, 1200, 1000, 10))
                .containsExactly(orphan, released, chunk("a", 0, 1, true));
    }

    @Test
    void emptyUnitsAreSkipped() {
        Unit empty = new Unit("x", Unit.WHOLE_FILE, 0, 0, 0, false);
        assertThat(EvictionPlan.choose(List.of(empty, chunk("a", 0, 1, true)), 1100, 1000, 1000, 5))
                .containsExactly(chunk("a", 0, 1, true));
    }
}
