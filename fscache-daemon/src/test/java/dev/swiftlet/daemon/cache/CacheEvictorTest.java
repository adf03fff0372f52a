package dev.swiftlet.daemon.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swiftlet.daemon.cache.EvictionPlan.Unit;
import dev.swiftlet.rafs.testing.TestClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The evictor's pass over a cache space kept in memory, with an injected clock (no thread, no sleeping). */
class CacheEvictorTest {

    /** Chunks of 100 bytes per file, each with a last-use epoch; orphans are whole files. */
    static final class MemorySpace implements CacheSpace {
        final Map<String, Unit> units = new LinkedHashMap<>();
        final Map<String, Long> orphans = new LinkedHashMap<>();
        final List<Unit> evicted = new ArrayList<>();
        final AccessEpoch epoch;

        MemorySpace(AccessEpoch epoch) {
            this.epoch = epoch;
        }

        void add(String file, int chunk, boolean referenced) {
            units.put(file + "#" + chunk, new Unit(file, chunk, chunk * 100L, 100, epoch.current(), referenced));
        }

        @Override
        public long allocatedBytes() {
            return units.size() * 100L
                    + orphans.values().stream().mapToLong(Long::longValue).sum();
        }

        @Override
        public List<Unit> candidates(boolean orphansExpired) {
            List<Unit> all = new ArrayList<>(units.values());
            if (orphansExpired) orphans.forEach((f, b) -> all.add(new Unit(f, Unit.WHOLE_FILE, 0, b, 0, false)));
            return all;
        }

        @Override
        public long evict(Unit u, int usedBefore) {
            evicted.add(u);
            if (u.wholeFile()) return orphans.remove(u.file());
            return units.remove(u.file() + "#" + u.chunk()) != null ? u.bytes() : 0;
        }

        @Override
        public long collectOrphans() {
            long freed = orphans.values().stream().mapToLong(Long::longValue).sum();
            orphans.clear();
            return freed;
        }
    }

    final TestClock clock = new TestClock();
    final AccessEpoch epoch = new AccessEpoch();
    final MemorySpace space = new MemorySpace(epoch);
    final EvictionStats stats = new EvictionStats();
    // limit 1000, low water 800, grace 10 min, tick 1 s, chunks used in the last 2 ticks are in use
    final CacheEvictor evictor = new CacheEvictor(
            new CacheLimit(1000, 800, Duration.ofMinutes(10), Duration.ofSeconds(1), 2), space, epoch, clock, stats);

    @Test
    void epochsFollowTheClockOneAPassAtMostAndNothingIsEvictedUnderTheLimit() throws Exception {
        for (int c = 0; c < 10; c++) space.add("a", c, true);
        assertThat(evictor.tick()).isEqualTo(1000);
        assertThat(epoch.current()).isEqualTo(1);
        evictor.tick(); // no time passed: same epoch
        assertThat(epoch.current()).isEqualTo(1);
        clock.advance(Duration.ofMillis(3500));
        evictor.tick(); // a late pass moves one epoch, not four: what readers stamped meanwhile keeps its margin
        assertThat(epoch.current()).isEqualTo(2);
        evictor.tick();
        evictor.tick();
        evictor.tick();
        assertThat(epoch.current()).isEqualTo(4);
        assertThat(space.evicted).isEmpty();
        assertThat(stats.cacheBytes.get()).isEqualTo(1000);
        assertThat(stats.cacheLimitBytes.get()).isEqualTo(1000);
    }

    @Test
    void overTheLimitTheOldestChunksGoDownToTheLowWaterMarkAndRecentOnesStay() throws Exception {
        for (int c = 0; c < 6; c++) space.add("old", c, true); // epoch 1
        clock.advance(Duration.ofSeconds(5));
        evictor.tick(); // epoch 2
        evictor.tick(); // epoch 3
        for (int c = 0; c < 6; c++) space.add("new", c, true); // used in epoch 3: in use until epoch 5
        assertThat(evictor.tick()).isEqualTo(800);
        assertThat(space.evicted).extracting(Unit::file).containsOnly("old").hasSize(4);
        assertThat(stats.evictions.sum()).isEqualTo(4);
        assertThat(stats.bytesEvicted.sum()).isEqualTo(400);
        assertThat(stats.cacheBytes.get()).isEqualTo(800);
    }

    @Test
    void whenEverythingIsInUseTheCacheStaysOverItsLimitRatherThanBreakAReader() throws Exception {
        for (int c = 0; c < 12; c++) space.add("hot", c, true);
        assertThat(evictor.tick()).isEqualTo(1200);
        clock.advance(Duration.ofSeconds(1));
        assertThat(evictor.tick()).isEqualTo(1200); // epoch 2: used in epoch 1, still in use
        assertThat(space.evicted).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(evictor.tick()).isEqualTo(800); // epoch 3: no longer
    }

    @Test
    void dataNobodyAskedForSinceStartIsIdleFromTheFirstPass() throws Exception {
        for (int c = 0; c < 8; c++) space.add("hot", c, true); // used in epoch 1
        for (int c = 0; c < 3; c++)
            space.units.put("released#" + c, new Unit("released", c, c * 100L, 100, 0, false)); // never asked for
        assertThat(evictor.tick()).isEqualTo(800);
        assertThat(space.evicted).extracting(Unit::file).containsExactly("released", "released", "released");
    }

    @Test
    void filesFoundAtStartStayThroughTheGracePeriodThenGo() throws Exception {
        space.orphans.put("previous-run", 500L);
        for (int c = 0; c < 4; c++) space.add("a", c, true);
        clock.advance(Duration.ofMinutes(9));
        assertThat(evictor.tick()).isEqualTo(900);
        assertThat(space.orphans).containsKey("previous-run");
        clock.advance(Duration.ofMinutes(1));
        assertThat(evictor.tick()).isEqualTo(400);
        assertThat(space.orphans).isEmpty();
    }

    @Test
    void eachEvictionIsAnnouncedBeforeItHappens() throws Exception {
        for (int c = 0; c < 11; c++) space.add("a", c, true);
        clock.advance(Duration.ofSeconds(1));
        evictor.tick(); // over the limit, but everything is in use: nothing announced
        clock.advance(Duration.ofSeconds(1));
        List<String> seen = new ArrayList<>();
        evictor.beforeEach(u -> seen.add(u.file() + "#" + u.chunk()
                + (space.units.containsKey(u.file() + "#" + u.chunk()) ? " present" : " gone")));
        evictor.tick();
        assertThat(seen).containsExactly("a#0 present", "a#1 present", "a#2 present");
    }
}
