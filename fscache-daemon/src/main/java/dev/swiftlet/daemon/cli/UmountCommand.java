package dev.swiftlet.daemon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.swiftlet.daemon.DaemonConfig;
import dev.swiftlet.daemon.api.AdminClient;
import dev.swiftlet.daemon.api.ApiResponse;
import dev.swiftlet.sys.mount.Mounts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code swiftlet umount MOUNTPOINT}: umount2, then deregisters the image. The image is found from
 * /proc/self/mountinfo: its mount source is the bootstrap (fanotify) or its block device (ublk, {@code mount_source} in the daemon's list), or
 * its options carry fsid (cachefiles).
 */
@Command(name = "umount", mixinStandardHelpOptions = true, description = "Unmount an image and deregister it.")
final class UmountCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MOUNTPOINT")
    Path mountpoint;

    @Option(names = "--apisock", paramLabel = "SOCK")
    Path apiSocket = DaemonConfig.DEFAULT_API_SOCKET;

    @Override
    public Integer call() throws Exception {
        String mnt = mountpoint.toAbsolutePath().normalize().toString();
        String source = null, options = null;
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String[] f = line.split(" ");
            int dash = java.util.Arrays.asList(f).indexOf("-");
            if (dash > 0 && f.length > dash + 3 && f[4].equals(mnt) && f[dash + 1].equals("erofs")) {
                source = f[dash + 2];
                options = f[dash + 3];
            }
        }
        if (source == null) throw new IllegalArgumentException(mnt + " is not an EROFS mount");
        Mounts.umount(mountpoint, 0);
        AdminClient client = new AdminClient(apiSocket);
        ApiResponse list = client.request("GET", "/api/v2/blobs", null);
        for (JsonNode img : new ObjectMapper().readTree(list.body()).path("images")) {
            String key = img.path("key").asText();
            String domain = key.substring(0, key.indexOf('/'));
            String id = key.substring(key.indexOf('/') + 1);
            boolean match = img.path("bootstrap").asText().equals(source)
                    || img.path("mount_source").asText().equals(source)
                    || options.contains("fsid=" + id);
            if (match) {
                ApiResponse r =
                        client.request("DELETE", MountCommand.deleteUri(domain.equals(id) ? "" : domain, id), null);
                if (!r.ok()) throw new IllegalStateException("deregister " + key + ": " + MountCommand.message(r));
                return 0;
            }
        }
        System.err.println("unmounted " + mnt + "; no registered image matched it");
        return 0;
    }
}
