package dev.swiftlet.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** RLIMIT_NOFILE read and written through the bindings, checked against what the kernel shows in /proc/self/limits. */
class ResourceLimitsTest {
    /** The "Max open files" soft and hard columns of /proc/self/limits. */
    static long[] procOpenFiles() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
            if (!line.startsWith("Max open files")) continue;
            String[] f = line.substring("Max open files".length()).trim().split("\\s+");
            return new long[] {parse(f[0]), parse(f[1])};
        }
        throw new AssertionError("no Max open files in /proc/self/limits");
    }

    private static long parse(String v) {
        return v.equals("unlimited") ? ResourceLimits.Limit.UNLIMITED : Long.parseLong(v);
    }

    @Test
    void openFilesLimitsAreTheKernels() throws Exception {
        ResourceLimits.Limit before = ResourceLimits.openFiles();
        long[] proc = procOpenFiles();
        assertThat(new long[] {before.soft(), before.hard()}).containsExactly(proc);
        try {
            long lower = Math.min(before.soft(), 4096) - 1;
            ResourceLimits.setOpenFiles(new ResourceLimits.Limit(lower, before.hard()));
            assertThat(ResourceLimits.openFiles()).isEqualTo(new ResourceLimits.Limit(lower, before.hard()));
            assertThat(procOpenFiles()).containsExactly(lower, before.hard());
        } finally {
            ResourceLimits.setOpenFiles(before);
        }
        assertThat(ResourceLimits.openFiles()).isEqualTo(before);
    }

    @Test
    void aSoftLimitAboveTheHardOneIsEinval() throws Exception {
        ResourceLimits.Limit now = ResourceLimits.openFiles();
        assertThatThrownBy(() -> ResourceLimits.setOpenFiles(new ResourceLimits.Limit(now.hard() + 1, now.hard())))
                .isInstanceOf(NativeException.class)
                .hasMessageContaining("setrlimit(RLIMIT_NOFILE")
                .hasMessageContaining("EINVAL");
        assertThat(ResourceLimits.openFiles()).isEqualTo(now);
    }
}
