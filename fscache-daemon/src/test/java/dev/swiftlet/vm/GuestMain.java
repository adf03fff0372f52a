package dev.swiftlet.vm;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.ClassNameFilter;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs inside the test VM: executes every test tagged {@value VmSuiteTest#TAG} on the class path (all
 * modules' in-VM tests in one boot) and writes one result per test as JSON for {@link VmSuiteTest}.
 * usage: GuestMain RESULTS_JSON
 */
public final class GuestMain {
    /** One test's outcome, as the host reports it. */
    public record Result(String name, String status, String trace) {}

    /**
     * Benchmarks that run in the VM ({@code -Dswiftlet.vm.bench=true}, from a benchmarks/ script) instead of the
     * in-VM tests; the test suite never runs them.
     */
    public static final String BENCHMARK_TAG = "vm-benchmark";

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        // -Dswiftlet.vm.only=REGEX (passed through from the host's VmSuiteTest) runs just the matching classes;
        // -Dswiftlet.vm.boot.only=REGEX is the boot's own selection (the 6.1 boot runs only some classes)
        LauncherDiscoveryRequest request = request(
                Boolean.getBoolean("swiftlet.vm.bench"),
                System.getProperty("swiftlet.vm.only", ""),
                System.getProperty("swiftlet.vm.boot.only", ""));
        List<Result> results = new ArrayList<>();
        TestExecutionListener listener = new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                if (!id.isTest()) {
                    if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                        results.add(new Result(
                                id.getDisplayName() + " (container)",
                                result.getStatus().name(),
                                trace(result)));
                    }
                    return;
                }
                String name = id.getLegacyReportingName();
                String cls = id.getParentIdObject()
                        .map(p -> p.getLastSegment().getValue())
                        .orElse("");
                results.add(new Result(cls + "." + name, result.getStatus().name(), trace(result)));
                System.out.println("[guest] " + result.getStatus() + " " + cls + "." + name);
            }

            @Override
            public void executionSkipped(TestIdentifier id, String reason) {
                results.add(new Result(id.getDisplayName(), "SKIPPED", reason));
            }
        };
        LauncherFactory.create().execute(request, listener);
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(out.toFile(), results);
        System.out.println("[guest] " + results.size() + " in-vm results written to " + out);
    }

    /**
     * The in-VM tests (or VM benchmarks) of package dev.swiftlet whose fully qualified class name matches both
     * regexes; an empty regex selects every class. Two class-name filters must both accept a class (JUnit ANDs
     * filters), which is how {@code swiftlet.vm.only} narrows a boot's own selection.
     */
    static LauncherDiscoveryRequest request(boolean bench, String only, String bootOnly) {
        LauncherDiscoveryRequestBuilder builder = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectPackage("dev.swiftlet"))
                .filters(TagFilter.includeTags(bench ? BENCHMARK_TAG : VmSuiteTest.TAG));
        for (String regex : List.of(only, bootOnly)) {
            if (!regex.isEmpty()) builder.filters(ClassNameFilter.includeClassNamePatterns(regex));
        }
        return builder.build();
    }

    /** The classes a request selects, found on this JVM's class path (the host's is the guest's) without running them. */
    static SortedSet<String> selectedClasses(LauncherDiscoveryRequest request) {
        TestPlan plan = LauncherFactory.create().discover(request);
        SortedSet<String> classes = new TreeSet<>();
        for (TestIdentifier engine : plan.getRoots()) {
            for (TestIdentifier id : plan.getDescendants(engine)) {
                id.getSource()
                        .filter(ClassSource.class::isInstance)
                        .map(src -> ((ClassSource) src).getClassName())
                        .ifPresent(classes::add);
            }
        }
        return classes;
    }

    private static String trace(TestExecutionResult result) {
        return result.getThrowable()
                .map(t -> {
                    StringWriter w = new StringWriter();
                    t.printStackTrace(new PrintWriter(w));
                    return w.toString();
                })
                .orElse("");
    }
}
