package dev.swiftlet.daemon.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.swiftlet.daemon.DaemonConfig;
import dev.swiftlet.daemon.api.AdminClient;
import dev.swiftlet.daemon.api.ApiResponse;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code swiftlet stats}: the daemon's counters (bytes fetched and served, requests, hits, failures). */
@Command(name = "stats", mixinStandardHelpOptions = true, description = "Print the daemon's counters.")
final class StatsCommand implements Callable<Integer> {
    @Option(names = "--apisock", paramLabel = "SOCK")
    Path apiSocket = DaemonConfig.DEFAULT_API_SOCKET;

    @Option(names = "--json", description = "Print the JSON the API returns.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        ApiResponse r = new AdminClient(apiSocket).request("GET", "/api/v1/swiftlet/stats", null);
        if (!r.ok()) throw new IllegalStateException("stats: " + MountCommand.message(r));
        if (json) {
            System.out.println(r.body());
        } else {
            new ObjectMapper()
                    .readTree(r.body())
                    .properties()
                    .forEach(e -> System.out.printf(
                            "%-14s %s%n", e.getKey(), e.getValue().asText()));
        }
        return 0;
    }
}
