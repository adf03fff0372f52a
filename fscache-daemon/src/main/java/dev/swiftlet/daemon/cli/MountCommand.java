package dev.swiftlet.daemon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swiftlet.daemon.DaemonConfig;
import dev.swiftlet.daemon.api.AdminClient;
import dev.swiftlet.daemon.api.ApiResponse;
import dev.swiftlet.sys.mount.Mounts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code swiftlet mount BOOTSTRAP MOUNTPOINT --blob-dir DIR}: registers the image with the running daemon
 * ({@code POST /api/v1/swiftlet/mounts}, which prepares the kernel side and answers with the mount source
 * and options), then mounts EROFS itself. On mount failure the image is deregistered again.
 */
@Command(name = "mount", mixinStandardHelpOptions = true, description = "Register an image with the daemon and mount it.")
final class MountCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(index = "0", paramLabel = "BOOTSTRAP")
    Path bootstrap;

    @Parameters(index = "1", paramLabel = "MOUNTPOINT")
    Path mountpoint;

    @Option(names = "--blob-dir", required = true, paramLabel = "DIR")
    Path blobDir;

    @Option(names = "--apisock", paramLabel = "SOCK")
    Path apiSocket = DaemonConfig.DEFAULT_API_SOCKET;

    @Option(names = "--fsid", description = "Image id (default: sha256 of the bootstrap's absolute path).")
    String fsid;

    @Option(names = "--domain-id", description = "Share blobs with other images of this domain.")
    String domainId;

    @Option(names = "--device", paramLabel = "NAME", description = "Raw images: file name of each untagged device.")
    List<String> devices = new ArrayList<>();

    @Option(names = "--prefetch", description = "Fetch the whole image in the background.")
    boolean prefetch;

    @Override
    public Integer call() throws Exception {
        Path boot = bootstrap.toAbsolutePath().normalize();
        String id = fsid != null ? fsid : defaultFsid(boot);
        ObjectNode req = JSON.createObjectNode();
        req.put("type", "bootstrap");
        req.put("id", id);
        if (domainId != null) req.put("domain_id", domainId);
        ObjectNode cfg = req.putObject("config");
        cfg.put("id", id);
        cfg.put("backend_type", "localfs");
        cfg.putObject("backend_config").put("dir", blobDir.toAbsolutePath().toString());
        cfg.putObject("prefetch_config").put("enable", prefetch);
        cfg.put("metadata_path", boot.toString());
        devices.forEach(req.putArray("device_names")::add);
        AdminClient client = new AdminClient(apiSocket);
        ApiResponse r = client.request("POST", "/api/v1/swiftlet/mounts", req.toString());
        if (!r.ok()) throw new IllegalStateException("daemon refused " + boot + ": " + message(r));
        JsonNode plan = JSON.readTree(r.body());
        try {
            Mounts.mountErofs(plan.path("source").asText(), mountpoint, plan.path("options").asText());
        } catch (Exception e) {
            client.request("DELETE", deleteUri(domainId, id), null);
            throw e;
        }
        // remembered for umount: the daemon lists images with their keys
        System.out.println(id);
        return 0;
    }

    static String deleteUri(String domain, String id) {
        return "/api/v2/blobs?domain_id=" + enc(domain == null ? "" : domain) + "&blob_id=" + enc(id);
    }

    static String message(ApiResponse r) {
        try {
            return JSON.readTree(r.body()).path("message").asText(r.body());
        } catch (Exception e) {
            return "HTTP " + r.status() + " " + r.body();
        }
    }

    static String defaultFsid(Path bootstrap) throws Exception {
        byte[] d = MessageDigest.getInstance("SHA-256").digest(bootstrap.toString().getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(d);
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
