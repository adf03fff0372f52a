package dev.swiftlet.arch;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;

/**
 * The place for the package-cycle rule (issue #18: "fails the build when a package cycle appears").
 *
 * <p>PLACEHOLDER: no rule yet, because the cycles daemon ↔ daemon.api, daemon ↔ daemon.frontend and
 * fetch.backend ↔ fetch.registry still exist; the change that breaks them adds the rule here
 * ({@code slices().matching("dev.swiftlet.(**)").should().beFreeOfCycles()}), with the same import options.
 */
@AnalyzeClasses(packages = "dev.swiftlet", importOptions = ImportOption.DoNotIncludeTests.class)
class PackageCyclesTest {}
