package dev.swiftlet.daemon.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class VersionInfoTest {
    @Test
    void recordsTheCommitItWasBuiltFromInNydusdsFormat() throws Exception {
        Path repo = Path.of(System.getProperty("swiftlet.repo.root", ".."));
        Process git = new ProcessBuilder("git", "-C", repo.toString(), "rev-parse", "HEAD").start();
        String head = new String(git.getInputStream().readAllBytes()).trim();
        assertThat(git.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(head).matches("[0-9a-f]{40}");

        VersionInfo v = VersionInfo.current();
        assertThat(v.gitCommit()).startsWith(head);
        // nydus-snapshotter extracts `Git Commit:\s*(.+)` and compares it with the API's git_commit
        assertThat(v.nydusdFormat())
                .containsPattern("(?m)^Git Commit: \t" + head + "(-dirty)?$")
                .containsPattern("(?m)^Version: \t\\S+$");
    }
}
