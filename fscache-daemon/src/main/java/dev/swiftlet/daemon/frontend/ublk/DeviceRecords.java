package dev.swiftlet.daemon.frontend.ublk;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Which ublk device serves what, kept on disk ({@code DIR/ublk/devices/<devId>} holding the served key) so that a
 * successor finds the devices of a crashed daemon to recover. Keys name an image's bootstrap or a blob.
 */
final class DeviceRecords {
    private final Path dir;

    DeviceRecords(Path dir) throws IOException {
        this.dir = Files.createDirectories(dir);
    }

    /** key -> device number, as the files say now (a file that cannot be read is skipped). */
    synchronized Map<String, Integer> all() throws IOException {
        Map<String, Integer> byKey = new HashMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path f : s.toList()) {
                String n = f.getFileName().toString();
                if (!n.matches("[0-9]{1,9}")) continue;
                byKey.put(Files.readString(f, StandardCharsets.UTF_8).trim(), Integer.parseInt(n));
            }
        }
        return byKey;
    }

    synchronized void put(int devId, String key) throws IOException {
        Path tmp = dir.resolve(devId + ".tmp");
        Files.writeString(tmp, key + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, dir.resolve(Integer.toString(devId)), StandardCopyOption.ATOMIC_MOVE);
    }

    synchronized void remove(int devId) throws IOException {
        Files.deleteIfExists(dir.resolve(Integer.toString(devId)));
    }
}
