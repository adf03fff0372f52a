package dev.swiftlet.arch;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * No package cycles in any module's main code: each package ({@code dev.swiftlet.daemon}, {@code dev.swiftlet.daemon.api},
 * {@code dev.swiftlet.fetch.registry}, …) is a slice, and the slices must form a DAG. Runs here because this module
 * sees the classes of every module below it (native-bindings, rafs-meta, fetch). A cycle means a type both sides
 * need is in the wrong place: move it to a package both may depend on, as {@code daemon.metrics} and
 * {@code daemon.frontend} hold what the composition root's parts share.
 */
class PackageCyclesTest {
    /** Main classes only: this module's test classes, and the test-jar of fetch, may share helpers freely. */
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages("dev.swiftlet");

    @Test
    void everyModuleIsImported() {
        // a rule over no classes passes vacuously: make sure each module's packages are there
        assertThat(MAIN.stream().map(c -> c.getPackageName()).distinct())
                .contains(
                        "dev.swiftlet.sys",
                        "dev.swiftlet.rafs.image",
                        "dev.swiftlet.fetch.registry",
                        "dev.swiftlet.daemon");
    }

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching("dev.swiftlet.(**)").should().beFreeOfCycles().check(MAIN);
    }
}
