package dev.swiftlet.daemon.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ByteSizeTest {
    @Test
    void plainCountsAndBinarySuffixes() {
        assertThat(ByteSize.parse("1048576")).isEqualTo(1L << 20);
        assertThat(ByteSize.parse("512K")).isEqualTo(512L << 10);
        assertThat(ByteSize.parse("64m")).isEqualTo(64L << 20);
        assertThat(ByteSize.parse("10G")).isEqualTo(10L << 30);
        assertThat(ByteSize.parse("2T")).isEqualTo(2L << 40);
        assertThat(ByteSize.parse(" 10GiB ")).isEqualTo(10L << 30);
        assertThat(ByteSize.parse("10GB")).isEqualTo(10L << 30);
    }

    @Test
    void anythingElseIsAClearError() {
        for (String bad : new String[] {"", "G", "-1G", "1.5G", "10X", "ten", "1 G"}) {
            assertThatThrownBy(() -> ByteSize.parse(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("is not a size");
        }
        assertThatThrownBy(() -> ByteSize.parse("99999999999T")).hasMessageContaining("too large");
    }
}
