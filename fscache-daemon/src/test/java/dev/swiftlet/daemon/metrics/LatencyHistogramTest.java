package dev.swiftlet.daemon.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {
    @Test
    void percentilesAreWithinABucketOfTheTruth() {
        LatencyHistogram h = new LatencyHistogram();
        assertThat(h.percentileMicros(0.5)).isZero();
        for (int i = 1; i <= 1000; i++) h.record(i * 1000L); // 1..1000 us
        assertThat(h.count()).isEqualTo(1000);
        assertThat((double) h.percentileMicros(0.50)).isCloseTo(500, within(500 * 0.25));
        assertThat((double) h.percentileMicros(0.99)).isCloseTo(990, within(990 * 0.25));
        assertThat(h.percentileMicros(0.50)).isGreaterThanOrEqualTo(500);
    }

    @Test
    void bucketsGrowMonotonically() {
        long prev = -1;
        for (int b = 0; b < 200; b++) {
            assertThat(LatencyHistogram.upperBound(b)).isGreaterThan(prev);
            prev = LatencyHistogram.upperBound(b);
        }
        for (long us : new long[] {1, 2, 3, 5, 7, 100, 12345, 1L << 40}) {
            assertThat(LatencyHistogram.upperBound(LatencyHistogram.bucket(us))).isGreaterThanOrEqualTo(us);
        }
    }
}
