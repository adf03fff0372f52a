package dev.swiftlet.rafs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The one name rule: ids as nydus and nydus-snapshotter write them pass, anything that could leave a directory or split a mount option does not. */
class PlainNameTest {
    @Test
    void idsAsTheyArriveInPracticePass() {
        for (String ok : new String[] {
            "9a2c5b2e0b0c3f1d4e5f60718293a4b5c6d7e8f90123456789abcdef01234567",
            "42",
            "nydus-snapshotter-domain",
            "image.boot",
            "blob_1.img",
            "é".repeat(127)
        }) {
            assertThat(PlainName.problem(ok)).as(ok).isNull();
            assertThat(PlainName.check("id", ok)).isSameAs(ok);
        }
    }

    @Test
    void namesThatLeaveTheDirectoryOrSplitAMountOptionAreRefusedWithTheReason() {
        String[][] cases = {
            {"", "it is empty"},
            {".", "it names a directory"},
            {"..", "it names a directory"},
            {"../x", "'/' at 2"},
            {"a\\b", "'\\' at 1"},
            {"a,fsid=b", "',' at 1"},
            {"a\0b", "control character 0x0 at 1"},
            {"a\nb", "control character 0xa at 1"},
            {"x".repeat(256), "longer than 255 bytes"},
            {"é".repeat(128), "longer than 255 bytes"},
        };
        for (String[] c : cases) {
            assertThat(PlainName.problem(c[0])).as(c[0]).contains(c[1]);
        }
        assertThatThrownBy(() -> PlainName.check("domain_id", "a\0b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("domain_id 'a\\0b' is not allowed: it contains control character 0x0 at 1");
        assertThatThrownBy(() -> PlainName.check("blob id", null)).hasMessageContaining("it is empty");
    }
}
