package dev.swiftlet.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swiftlet.sys.NativeException;
import dev.swiftlet.sys.cachefiles.CachefilesDevice;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The smoke test of the VM path: /dev/cachefiles opened and bound on-demand from Java through native-bindings. */
@Tag(VmSuiteTest.TAG)
class CachefilesBindInVmTest {
    static Path cacheRoot() {
        return Path.of(System.getProperty("swiftlet.vm.cache", "/mnt/cache"));
    }

    /** Each boot runs this class: it proves the guest runs the kernel series the host asked ensure-kernel.sh for. */
    @Test
    void runsOnTheKernelTheHostBooted() {
        String booted = System.getProperty("swiftlet.vm.kernel", "");
        assertThat(booted)
                .as("the kernel series VmSuiteTest booted (-Dswiftlet.vm.kernel)")
                .isNotEmpty();
        assertThat(GuestKernel.series()).isEqualTo(booted);
        String[] majorMinor = booted.split("\\.");
        int major = Integer.parseInt(majorMinor[0]), minor = Integer.parseInt(majorMinor[1]);
        assertThat(GuestKernel.atLeast(major, minor)).isTrue();
        assertThat(GuestKernel.atLeast(major, minor + 1)).isFalse();
    }

    @Test
    void bindsOnDemandOnExt4AndExplainsTheKnownFailures() throws Exception {
        Path dir = Files.createDirectories(cacheRoot().resolve("smoke-fscache"));
        try (CachefilesDevice device = CachefilesDevice.open()) {
            device.bind(dir, "swiftlet-smoke");
            // the kernel created its cache layout in the bound directory
            assertThat(dir.resolve("cache")).isDirectory();
            assertThat(dir.resolve("graveyard")).isDirectory();
            // only one opener system-wide
            assertThatThrownBy(CachefilesDevice::open)
                    .isInstanceOf(NativeException.class)
                    .hasMessageContaining("EBUSY")
                    .hasMessageContaining("another cachefiles daemon");
            // no request is pending: next() answers null instead of blocking
            assertThat(device.next()).isNull();
            assertThatThrownBy(() -> device.command("bind ondemand"))
                    .isInstanceOf(NativeException.class)
                    .hasMessageContaining("EBUSY");
        }
        // a closed device can be opened and bound again
        try (CachefilesDevice again = CachefilesDevice.open()) {
            again.bind(Files.createDirectories(cacheRoot().resolve("smoke-fscache-2")), null);
        }
    }

    @Test
    void bindOnTmpfsIsExplained() throws Exception {
        Path dir = Files.createDirectories(Path.of("/tmp/tmpfs-fscache"));
        try (CachefilesDevice device = CachefilesDevice.open()) {
            assertThatThrownBy(() -> device.bind(dir, null))
                    .isInstanceOf(NativeException.class)
                    .hasMessageContaining("EOPNOTSUPP")
                    .hasMessageContaining("use ext4");
        }
    }
}
