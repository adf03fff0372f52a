package dev.swiftlet.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** nydusd's --rlimit-nofile rule (src/bin/nydusd/main.rs handle_rlimit_nofile_option), value by value. */
class OpenFilesLimitTest {
    @Test
    void zeroLeavesTheLimitAlone() {
        assertThat(OpenFilesLimit.target(0, 2_466_248, 1024)).isEmpty();
    }

    @Test
    void theRequestIsCappedByFileMaxLessTheReserveAndByAMillion() {
        assertThat(OpenFilesLimit.target(12345, 2_466_248, 1024)).isEqualTo(OptionalLong.of(12345));
        assertThat(OpenFilesLimit.target(1_000_000, 2_466_248, 1024)).isEqualTo(OptionalLong.of(1_000_000));
        assertThat(OpenFilesLimit.target(5_000_000, 2_466_248, 1024)).isEqualTo(OptionalLong.of(1_000_000));
        assertThat(OpenFilesLimit.target(1_000_000, 100_000, 1024)).isEqualTo(OptionalLong.of(100_000 - 16384));
        // lower than the current limit: nydusd lowers it
        assertThat(OpenFilesLimit.target(512, 2_466_248, 1024)).isEqualTo(OptionalLong.of(512));
    }

    @Test
    void aHigherCurrentSoftLimitRaisesTheCap() {
        assertThat(OpenFilesLimit.target(5_000_000, 2_466_248, 2_000_000)).isEqualTo(OptionalLong.of(2_000_000));
        assertThat(OpenFilesLimit.target(5_000_000, 2_466_248, -1))
                .isEqualTo(OptionalLong.of(5_000_000)); // RLIM_INFINITY
    }

    @Test
    void aTinyFileMaxIsRefused() {
        assertThatThrownBy(() -> OpenFilesLimit.target(1000, 32767, 1024))
                .hasMessageContaining("fs.file-max sysctl (32767) is too low");
        assertThat(OpenFilesLimit.target(1000, 32768, 1024)).isEqualTo(OptionalLong.of(1000));
    }
}
