package dev.swiftlet.daemon.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swiftlet.daemon.Daemon;
import dev.swiftlet.daemon.DaemonConfig;
import dev.swiftlet.sys.unix.FdPassing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The early-bound admin socket: nydus-snapshotter connects as soon as the socket file exists and allows 30 s for the
 * answer, so a request made before the daemon has started must be answered once it has; the socket is private from
 * the moment it appears; the crash check still sees what was there before; an exiting daemon never removes a
 * successor's socket.
 */
class ApiSocketTest {
    @TempDir
    Path dir;

    @Test
    void aRequestMadeBeforeTheDaemonStartedIsAnsweredOnceItHas() throws Exception {
        Path sock = dir.resolve("api.sock");
        ApiSocket bound = ApiSocket.bind(sock);
        assertThat(Files.getPosixFilePermissions(sock)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        try (UnixHttpConnection early = new UnixHttpConnection(sock);
                Daemon daemon = new Daemon(
                        new DaemonConfig(DaemonConfig.FrontEndKind.NONE, dir.resolve("cache"), sock, 2, null, "d1"))) {
            // written into the backlog: nobody accepts yet
            early.sendRaw("GET /api/v1/daemon HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes());
            daemon.start(bound);
            UnixHttpConnection.Response r = early.readResponse();
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body()).contains("\"state\":\"RUNNING\"");
        }
        assertThat(sock).doesNotExist();
    }

    @Test
    void theCrashCheckSeesASocketNobodyAcceptsOnButNotALiveOne() throws Exception {
        Path dead = dir.resolve("dead.sock");
        FdPassing.listen(dead).close(); // the file stays, nobody accepts: what a SIGKILLed daemon leaves
        try (ApiSocket s = ApiSocket.bind(dead)) {
            assertThat(s.residualFound()).isTrue();
        }
        Path live = dir.resolve("live.sock");
        try (ApiSocket first = ApiSocket.bind(live)) {
            assertThat(first.residualFound()).isFalse();
        }
        assertThat(live).doesNotExist();
    }

    @Test
    void closingDoesNotRemoveASuccessorsSocketAtTheSamePath() throws Exception {
        Path sock = dir.resolve("api.sock");
        ApiSocket old = ApiSocket.bind(sock);
        try (ApiSocket successor = ApiSocket.bind(sock)) {
            old.close();
            assertThat(sock).exists();
            try (UnixHttpConnection c = new UnixHttpConnection(sock)) {
                assertThat(c.channel().isConnected()).isTrue();
            }
        }
        assertThat(sock).doesNotExist();
    }
}
