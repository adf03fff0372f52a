package dev.swiftlet.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The module edges README's "Modules" section promises, checked on the compiled classes of every module (this
 * module's tests see them all through its dependencies). Maven keeps a module from importing one it does not depend
 * on; these rules also keep the edges when someone adds a dependency to a pom. Test classes are not checked: they
 * may reach into the raw bindings to set a scene up. Package cycles are checked in {@link PackageCyclesTest}.
 */
@AnalyzeClasses(packages = "dev.swiftlet", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    /** {@code dev.swiftlet.sys} is the safe layer (errno checks that name the call, fds that close once). */
    @ArchTest
    static final ArchRule rawBindingsOnlyInsideNativeBindings = noClasses()
            .that()
            .resideOutsideOfPackage("dev.swiftlet.sys..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.swiftlet.sys.raw..")
            .because("native calls go through the dev.swiftlet.sys wrappers, never the raw bindings");

    @ArchTest
    static final ArchRule rafsMetaHasNoUpwardOrNativeEdges = noClasses()
            .that()
            .resideInAPackage("dev.swiftlet.rafs..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("dev.swiftlet.fetch..", "dev.swiftlet.daemon..", "dev.swiftlet.sys..")
            .because("rafs-meta is the format alone: no fetching, no daemon, no native code (native BLAKE3 enters"
                    + " through a ServiceLoader)");

    @ArchTest
    static final ArchRule fetchNeverReachesTheDaemonOrNativeCode = noClasses()
            .that()
            .resideInAPackage("dev.swiftlet.fetch..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("dev.swiftlet.daemon..", "dev.swiftlet.sys..")
            .because("fetch serves the daemon and the CLI alike and runs in plain Java");

    @ArchTest
    static final ArchRule nativeBindingsStandAlone = noClasses()
            .that()
            .resideInAPackage("dev.swiftlet.sys..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("dev.swiftlet.rafs..", "dev.swiftlet.fetch..", "dev.swiftlet.daemon..")
            .because("native-bindings is the bottom layer: it knows no image format, fetching or daemon");
}
