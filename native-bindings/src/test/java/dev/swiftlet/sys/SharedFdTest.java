package dev.swiftlet.sys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A shared fd closes after its last user, never under one, and runs its after-close action exactly once. */
class SharedFdTest {
    @TempDir
    Path tmp;

    private Fd file() throws Exception {
        Path f = tmp.resolve("f");
        Files.writeString(f, "x");
        return Fd.openForReading(f);
    }

    @Test
    void closingDuringAUseWaitsForIt() throws Exception {
        Fd fd = file();
        AtomicInteger afterClose = new AtomicInteger();
        SharedFd shared = new SharedFd(fd, "blob x", afterClose::incrementAndGet);
        shared.use(f -> {
            shared.close(); // the owner lets go while this use runs
            assertThat(f.isOpen()).isTrue();
            assertThat(afterClose).hasValue(0);
        });
        assertThat(fd.isOpen()).isFalse();
        assertThat(afterClose).hasValue(1);
    }

    @Test
    void aUseAfterCloseFailsAndNamesTheFd() throws Exception {
        Fd fd = file();
        AtomicInteger afterClose = new AtomicInteger();
        SharedFd shared = new SharedFd(fd, "blob x", afterClose::incrementAndGet);
        assertThat(shared.retain()).isTrue();
        shared.close();
        shared.close(); // idempotent: the owner's reference is dropped once
        assertThat(fd.isOpen()).as("a retained reference keeps it open").isTrue();
        assertThat(shared.retain()).as("no new user once the owner has closed").isFalse();
        assertThatThrownBy(() -> shared.use(f -> {}))
                .isInstanceOf(IOException.class)
                .hasMessage("blob x is closed");
        shared.release();
        shared.release(); // an extra release does not go below zero
        assertThat(fd.isOpen()).isFalse();
        assertThat(afterClose).hasValue(1);
    }
}
