package dev.swiftlet.daemon.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.swiftlet.daemon.DaemonConfig;
import dev.swiftlet.daemon.api.AdminClient;
import dev.swiftlet.daemon.api.ApiResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code swiftlet accessed --id IMAGE}: the image's files in the order the kernel first read them through the daemon,
 * one path per line: run a container's start on a fresh mount, then pass this list to {@code image build} or
 * {@code image convert} as {@code --prefetch-files}.
 */
@Command(
        name = "accessed",
        mixinStandardHelpOptions = true,
        description = "Print the files of a mounted image in the order they were first read (for --prefetch-files).")
final class AccessedCommand implements Callable<Integer> {
    @Option(names = "--apisock", paramLabel = "SOCK")
    Path apiSocket = DaemonConfig.DEFAULT_API_SOCKET;

    @Option(names = "--id", required = true, paramLabel = "IMAGE", description = "The image's id (mount's --fsid).")
    String id;

    @Override
    public Integer call() throws Exception {
        ApiResponse r = new AdminClient(apiSocket)
                .request("GET", "/api/v1/swiftlet/accessed?id=" + URLEncoder.encode(id, StandardCharsets.UTF_8), null);
        if (!r.ok()) throw new IllegalStateException("accessed: " + MountCommand.message(r));
        new ObjectMapper().readTree(r.body()).get("files").forEach(f -> System.out.println(f.asText()));
        return 0;
    }
}
