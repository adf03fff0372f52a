package dev.swiftlet.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swiftlet.daemon.api.ApiSocket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which command lines get their API socket bound before parsing: only a daemon run that names one. */
class EarlyApiSocketTest {
    @TempDir
    Path dir;

    @Test
    void theSnapshottersCommandLineIsBoundEarly() throws Exception {
        Path sock = dir.resolve("api.sock");
        String[] args = {
            "singleton",
            "--fscache",
            dir.toString(),
            "--fscache-threads",
            "4",
            "--apisock",
            sock.toString(),
            "--log-level",
            "info"
        };
        try (ApiSocket s = EarlyApiSocket.bindFor(args)) {
            assertThat(s).isNotNull();
            assertThat(s.path()).isEqualTo(sock);
            assertThat(sock).exists();
        }
        try (ApiSocket s = EarlyApiSocket.bindFor(new String[] {"singleton", "--apisock=" + sock})) {
            assertThat(s.path()).isEqualTo(sock);
        }
    }

    @Test
    void helpVersionOtherCommandsAndNoSocketBindNothing() {
        Path sock = dir.resolve("api.sock");
        for (List<String> args : List.<List<String>>of(
                List.of("singleton", "--apisock", sock.toString(), "--help"),
                List.of("--version"),
                List.of("fuse", "--apisock", sock.toString()),
                List.of("singleton", "--fscache", "x"),
                List.of("singleton", "--apisock"),
                List.of())) {
            assertThat(EarlyApiSocket.bindFor(args.toArray(String[]::new)))
                    .as(args.toString())
                    .isNull();
        }
        assertThat(sock).doesNotExist();
    }

    @Test
    void aSocketThatCannotBeBoundIsLeftToTheDaemon() {
        // a path under a regular file: no directory can be made there
        assertThat(EarlyApiSocket.bindFor(new String[] {"singleton", "--apisock", "/proc/version/api.sock"}))
                .isNull();
    }
}
