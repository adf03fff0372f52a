package dev.swiftlet.daemon.frontend.ublk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a successor reads back of the devices a crashed daemon served. */
class DeviceRecordsTest {
    @Test
    void recordsSurviveANewInstanceAndIgnoreStrayFiles(@TempDir Path dir) throws Exception {
        DeviceRecords first = new DeviceRecords(dir.resolve("ublk/devices"));
        first.put(3, "blob dom/abc");
        first.put(7, "image dom/x /var/lib/x/image.boot");
        first.put(9, "blob dom/gone");
        first.remove(9);
        Files.writeString(dir.resolve("ublk/devices/12.tmp"), "half written"); // a crash mid-put
        Files.writeString(dir.resolve("ublk/devices/notes"), "not a record");

        DeviceRecords successor = new DeviceRecords(dir.resolve("ublk/devices"));
        assertThat(successor.all()).isEqualTo(Map.of("blob dom/abc", 3, "image dom/x /var/lib/x/image.boot", 7));
    }
}
