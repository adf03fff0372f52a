package dev.swiftlet;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The daemon serves blobs from a bootstrap's tables ({@code RafsImage}); only the image tools of the CLI read its file
 * tree ({@code RafsTree}, {@code ImageDataReader}). Keeps the kernel path off code it does not need.
 */
class ImageTreeUseTest {
    private static final JavaClasses DAEMON_AND_FETCH = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages("dev.swiftlet.daemon", "dev.swiftlet.fetch");

    @Test
    void onlyTheImageToolsReadTheFileTree() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.swiftlet.daemon.cli..")
                .should()
                .dependOnClassesThat()
                .haveFullyQualifiedName("dev.swiftlet.rafs.image.RafsTree")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("dev.swiftlet.rafs.image.ImageDataReader")
                .check(DAEMON_AND_FETCH);
    }
}
