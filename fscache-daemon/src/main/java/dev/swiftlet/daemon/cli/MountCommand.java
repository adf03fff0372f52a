package dev.swiftlet.daemon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swiftlet.daemon.DaemonConfig;
import dev.swiftlet.daemon.api.AdminClient;
import dev.swiftlet.daemon.api.ApiResponse;
import dev.swiftlet.fetch.oci.ImagePuller;
import dev.swiftlet.fetch.oci.ImageReference;
import dev.swiftlet.fetch.registry.RegistryBackend;
import dev.swiftlet.fetch.registry.RegistryConfig;
import dev.swiftlet.sys.mount.Mounts;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code swiftlet mount BOOTSTRAP MOUNTPOINT --blob-dir DIR} or {@code swiftlet mount --image REF MOUNTPOINT}
 * (the bootstrap pulled from the registry, the blobs read from it on demand): registers the image with the running daemon
 * ({@code POST /api/v1/swiftlet/mounts}, which prepares the kernel side and answers with the mount source
 * and options), then mounts EROFS itself. On mount failure the image is deregistered again. With {@code --image},
 * {@code --proxy URL [--proxy-fallback]} and {@code --mirror URL} route the registry requests (the pull and the
 * daemon's blob reads) as the backend config's {@code proxy} and {@code mirrors} do.
 */
@Command(
        name = "mount",
        mixinStandardHelpOptions = true,
        description = "Register an image with the daemon and mount it.")
final class MountCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(
            arity = "1..2",
            paramLabel = "[BOOTSTRAP] MOUNTPOINT",
            description = "The bootstrap and the mount point; with --image only the mount point.")
    List<Path> paths = new ArrayList<>();

    @Option(names = "--blob-dir", paramLabel = "DIR", description = "Local blobs (localfs backend) of BOOTSTRAP.")
    Path blobDir;

    @Option(
            names = "--image",
            paramLabel = "REF",
            description = "Mount a Nydus image from a registry: [host[:port]/]repo[:tag|@digest].")
    String image;

    @Option(names = "--plain-http", description = "Talk HTTP to the registry (default: only for loopback hosts).")
    boolean plainHttp;

    @Option(
            names = "--creds",
            paramLabel = "USER:PASSWORD",
            description = "Registry credentials (default: $SWIFTLET_REGISTRY_CREDS).")
    String creds = System.getenv("SWIFTLET_REGISTRY_CREDS");

    @Option(
            names = "--proxy",
            paramLabel = "URL",
            description =
                    "With --image: send registry requests through this HTTP proxy, e.g. Dragonfly dfdaemon at http://127.0.0.1:4001 (backend_config.proxy.url).")
    URI proxy;

    @Option(
            names = "--proxy-fallback",
            description =
                    "With --proxy: go straight to the registry while the proxy fails or is unhealthy (proxy.fallback).")
    boolean proxyFallback;

    @Option(
            names = "--mirror",
            paramLabel = "URL",
            description =
                    "With --image: a registry mirror tried before the registry, e.g. http://127.0.0.1:65001 (backend_config.mirrors[].host); repeatable, in order.")
    List<URI> mirrors = new ArrayList<>();

    @Option(
            names = "--work-dir",
            paramLabel = "DIR",
            description = "Where pulled bootstraps are kept (default /var/lib/swiftlet/images).")
    Path workDir = Path.of("/var/lib/swiftlet/images");

    @Option(names = "--apisock", paramLabel = "SOCK")
    Path apiSocket = DaemonConfig.DEFAULT_API_SOCKET;

    @Option(names = "--fsid", description = "Image id (default: sha256 of the bootstrap's absolute path).")
    String fsid;

    @Option(names = "--domain-id", description = "Share blobs with other images of this domain.")
    String domainId;

    @Option(
            names = "--device",
            paramLabel = "NAME",
            description =
                    "Raw images: file name of each untagged device, in device-table order (not needed for one untagged device when --blob-dir holds one file).")
    List<String> devices = new ArrayList<>();

    @Option(names = "--prefetch", description = "Fetch the whole image in the background.")
    boolean prefetch;

    @Override
    public Integer call() throws Exception {
        Path mountpoint;
        Path boot;
        ObjectNode backend = JSON.createObjectNode();
        String backendType;
        String defaultId;
        if (image != null) {
            if (paths.size() != 1) throw new IllegalArgumentException("with --image give only the MOUNTPOINT");
            mountpoint = paths.getFirst();
            ImageReference ref = ImageReference.parse(image);
            String scheme = plainHttp ? "http" : ref.defaultScheme();
            String auth = ImageRefs.basicAuth(creds);
            RegistryConfig.Proxy viaProxy =
                    proxy == null ? null : new RegistryConfig.Proxy(proxy, null, proxyFallback, null);
            // dfdaemon as a mirror learns the upstream from this header (the snapshotter sends the same)
            Map<String, String> mirrorHeaders = Map.of("X-Dragonfly-Registry", scheme + "://" + ref.host());
            List<RegistryConfig.Mirror> viaMirrors = mirrors.stream()
                    .map(m -> new RegistryConfig.Mirror(m, mirrorHeaders, null, null, 0))
                    .toList();
            // the bootstrap is pulled the same way the daemon will read the blobs
            RegistryConfig registry = ImageRefs.registryConfig(ref, creds, plainHttp, viaProxy, viaMirrors);
            ImagePuller.Pulled pulled;
            try (RegistryBackend r = new RegistryBackend(registry)) {
                pulled = ImagePuller.pull(r, ref.reference(), workDir);
            }
            boot = pulled.bootstrap();
            defaultId = pulled.manifestDigest().substring("sha256:".length());
            backendType = "registry";
            backend.put("scheme", scheme).put("host", ref.host()).put("repo", ref.repository());
            if (auth != null) backend.put("auth", auth);
            if (viaProxy != null)
                backend.putObject("proxy").put("url", proxy.toString()).put("fallback", proxyFallback);
            var mirrorArray = backend.putArray("mirrors");
            for (URI m : mirrors) {
                ObjectNode mirror = mirrorArray.addObject().put("host", m.toString());
                mirrorHeaders.forEach(mirror.putObject("headers")::put);
            }
            System.err.printf(
                    "pulled %s (%s): bootstrap %s, %d data blob(s) left in the registry%n",
                    ref,
                    pulled.manifestDigest(),
                    boot,
                    pulled.manifest().blobs().size());
        } else {
            if (paths.size() != 2)
                throw new IllegalArgumentException("give BOOTSTRAP and MOUNTPOINT (or --image REF MOUNTPOINT)");
            if (blobDir == null) throw new IllegalArgumentException("--blob-dir is required with a local BOOTSTRAP");
            if (proxy != null || !mirrors.isEmpty())
                throw new IllegalArgumentException("--proxy and --mirror need --image");
            boot = paths.get(0).toAbsolutePath().normalize();
            mountpoint = paths.get(1);
            defaultId = defaultFsid(boot);
            backendType = "localfs";
            backend.put("dir", blobDir.toAbsolutePath().toString());
        }
        String id = fsid != null ? fsid : defaultId;
        ObjectNode req = JSON.createObjectNode();
        req.put("type", "bootstrap");
        req.put("id", id);
        if (domainId != null) req.put("domain_id", domainId);
        ObjectNode cfg = req.putObject("config");
        cfg.put("id", id);
        cfg.put("backend_type", backendType);
        cfg.set("backend_config", backend);
        cfg.putObject("prefetch_config").put("enable", prefetch);
        cfg.put("metadata_path", boot.toString());
        devices.forEach(req.putArray("device_names")::add);
        AdminClient client = new AdminClient(apiSocket);
        ApiResponse r = client.request("POST", "/api/v1/swiftlet/mounts", req.toString());
        if (!r.ok()) throw new IllegalStateException("daemon refused " + boot + ": " + message(r));
        JsonNode plan = JSON.readTree(r.body());
        try {
            Mounts.mountErofs(
                    plan.path("source").asText(),
                    mountpoint,
                    plan.path("options").asText());
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
        byte[] d =
                MessageDigest.getInstance("SHA-256").digest(bootstrap.toString().getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(d);
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
