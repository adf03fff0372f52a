package dev.swiftlet.sys.unix;

import static dev.swiftlet.sys.raw.Libc.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.swiftlet.sys.Fd;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FdPassingTest {
    @Test
    void aPassedDescriptorReadsTheSameFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("state");
        Files.writeString(f, "handed over");
        Fd[] pair = FdPassing.socketPair();
        try (Fd file = Fd.open(f, O_RDONLY());
                Fd a = pair[0];
                Fd b = pair[1]) {
            byte[] state = "{\"images\":[]}".getBytes(StandardCharsets.UTF_8);
            FdPassing.send(a, state, file);
            FdPassing.Received got = FdPassing.receive(b, 4096, 4);
            assertThat(new String(got.data(), StandardCharsets.UTF_8)).isEqualTo("{\"images\":[]}");
            assertThat(got.fds()).hasSize(1);
            try (Fd received = got.fds().get(0);
                    Arena arena = Arena.ofConfined()) {
                assertThat(received.intValue()).isNotEqualTo(file.intValue());
                MemorySegment buf = arena.allocate(11);
                received.preadFully(buf, 0);
                assertThat(new String(buf.toArray(java.lang.foreign.ValueLayout.JAVA_BYTE), StandardCharsets.UTF_8))
                        .isEqualTo("handed over");
            }
        }
    }

    @Test
    void socketPathsWork(@TempDir Path dir) throws Exception {
        Path sock = dir.resolve("sup.sock");
        try (Fd listener = FdPassing.listen(sock);
                Fd client = FdPassing.connect(sock);
                Fd server = FdPassing.accept(listener)) {
            Fd[] pair = FdPassing.socketPair();
            FdPassing.send(client, new byte[] {42}, pair[0]);
            FdPassing.Received r = FdPassing.receive(server, 16, 2);
            assertThat(r.data()).containsExactly(42);
            assertThat(r.fds()).hasSize(1);
            r.fds().get(0).close();
            pair[0].close();
            pair[1].close();
        }
    }
}
