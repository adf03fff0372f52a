package dev.swiftlet.daemon.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code singleton --log-file}'s rotation: by size, keeping the file's name and five older generations. */
class RotatingLogFileTest {
    @TempDir
    Path dir;

    @Test
    void logFileRotatesBySizeKeepingTheNameAndFiveGenerations() throws Exception {
        Path log = dir.resolve("logs/d1/nydusd.log");
        RotatingLogFile h = new RotatingLogFile(log, 1000);
        h.setFormatter(new SimpleFormatter() {
            @Override
            public String format(LogRecord r) {
                return r.getMessage() + "\n";
            }
        });
        String line = "x".repeat(99); // 100 bytes with the newline: 10 lines per file
        for (int i = 0; i < 75; i++)
            h.publish(new LogRecord(
                    Level.INFO, i + line.substring(String.valueOf(i).length())));
        h.close();
        assertThat(Files.size(log)).isEqualTo(500);
        assertThat(Files.readAllLines(log).getFirst()).startsWith("70");
        for (int g = 1; g <= RotatingLogFile.KEEP; g++) {
            Path older = h.generation(g);
            assertThat(Files.size(older)).as(older.toString()).isEqualTo(1000);
            assertThat(Files.readAllLines(older).getFirst()).startsWith(String.valueOf(70 - 10 * g));
        }
        assertThat(h.generation(RotatingLogFile.KEEP + 1)).doesNotExist();
        // size 0: never rotates, and a restarted daemon appends
        RotatingLogFile again = new RotatingLogFile(log, 0);
        again.setFormatter(h.getFormatter());
        for (int i = 0; i < 20; i++) again.publish(new LogRecord(Level.INFO, line));
        again.close();
        assertThat(Files.size(log)).isEqualTo(2500);
        assertThat(Files.size(h.generation(1))).isEqualTo(1000);
    }
}
