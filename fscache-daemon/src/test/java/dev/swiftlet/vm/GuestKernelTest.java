package dev.swiftlet.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GuestKernelTest {
    @Test
    void comparesMajorThenMinorAsNumbers() {
        assertThat(GuestKernel.atLeast("6.1.192", 6, 1)).isTrue();
        assertThat(GuestKernel.atLeast("6.1.192", 6, 8)).isFalse();
        // 6.12 is newer than 6.8 (numbers, not strings)
        assertThat(GuestKernel.atLeast("6.12.118", 6, 8)).isTrue();
        assertThat(GuestKernel.atLeast("6.12.118", 6, 13)).isFalse();
        assertThat(GuestKernel.atLeast("7.0.0", 6, 18)).isTrue();
        assertThat(GuestKernel.atLeast("5.19.0", 6, 1)).isFalse();
    }

    @Test
    void readsTheSeriesFromDistributionReleases() {
        assertThat(GuestKernel.series("6.1.192")).isEqualTo("6.1");
        assertThat(GuestKernel.series("6.12.118+deb12-amd64")).isEqualTo("6.12");
        assertThat(GuestKernel.series("6.18.0-1-amd64")).isEqualTo("6.18");
        assertThat(GuestKernel.series("6.1")).isEqualTo("6.1");
    }

    @Test
    void theRunningKernelHasASeries() {
        assertThat(GuestKernel.series()).matches("\\d+\\.\\d+");
        assertThat(GuestKernel.release()).startsWith(GuestKernel.series() + ".");
    }

    @Test
    void rejectsWhatIsNoRelease() {
        assertThatThrownBy(() -> GuestKernel.series("linux"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'linux'");
        assertThatThrownBy(() -> GuestKernel.atLeast("6", 6, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GuestKernel.series("6.12x")).isInstanceOf(IllegalArgumentException.class);
    }
}
