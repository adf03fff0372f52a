package dev.swiftlet.vm;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
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
        // -Dswiftlet.vm.only=REGEX (passed through from the host's VmSuiteTest) runs just the matching classes
        String only = System.getProperty("swiftlet.vm.only", "");
        LauncherDiscoveryRequestBuilder builder = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectPackage("dev.swiftlet"))
                .filters(TagFilter.includeTags(
                        Boolean.getBoolean("swiftlet.vm.bench") ? BENCHMARK_TAG : VmSuiteTest.TAG));
        if (!only.isEmpty())
            builder.filters(org.junit.platform.engine.discovery.ClassNameFilter.includeClassNamePatterns(only));
        LauncherDiscoveryRequest request = builder.build();
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
