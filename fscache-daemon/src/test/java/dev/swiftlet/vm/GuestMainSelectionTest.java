package dev.swiftlet.vm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which in-VM classes a boot runs: its own selection, narrowed by {@code -Dswiftlet.vm.only} when that is given. */
class GuestMainSelectionTest {
    private static final String BIND = CachefilesBindInVmTest.class.getName();

    @Test
    void theLinux61BootRunsTheUblkClassesAndTheBindSmokeTestOnly() {
        assertThat(GuestMain.selectedClasses(GuestMain.request(false, "", VmSuiteTest.KERNEL61_CLASSES)))
                .contains(BIND)
                .allMatch(c ->
                        c.equals(BIND) || c.substring(c.lastIndexOf('.') + 1).startsWith("Ublk"));
    }

    @Test
    void theOnlyFilterNarrowsTheBootsOwnSelection() {
        assertThat(GuestMain.selectedClasses(
                        GuestMain.request(false, ".*CachefilesBindInVmTest", VmSuiteTest.KERNEL61_CLASSES)))
                .containsExactly(BIND);
        // a class the 6.1 boot does not run stays out even when -Dswiftlet.vm.only names it
        assertThat(GuestMain.selectedClasses(
                        GuestMain.request(false, ".*NydusdInVmTest", VmSuiteTest.KERNEL61_CLASSES)))
                .isEmpty();
    }

    @Test
    void withoutFiltersEveryInVmClassRunsAndNoBenchmark() {
        assertThat(GuestMain.selectedClasses(GuestMain.request(false, "", "")))
                .contains(BIND, "dev.swiftlet.daemon.api.NydusdInVmTest")
                .doesNotContain("dev.swiftlet.daemon.realclient.RealClientStartBenchmark", VmSuiteTest.class.getName());
    }
}
