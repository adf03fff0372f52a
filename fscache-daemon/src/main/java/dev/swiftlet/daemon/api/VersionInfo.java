package dev.swiftlet.daemon.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * What was built: the package version and the git commit recorded at build time. nydus-snapshotter
 * compares {@code Git Commit:} from {@code --version} with {@code version.git_commit} of the daemon API
 * to decide on hot upgrades, so both come from here.
 */
public record VersionInfo(String packageVersion, String gitCommit, String buildTime, String profile, String runtime) {

    public static VersionInfo current() {
        Properties p = new Properties();
        try (InputStream in = VersionInfo.class.getResourceAsStream("git.properties")) {
            if (in != null) p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the build's git.properties", e);
        }
        String commit = p.getProperty("git.commit.id", "unknown");
        if (Boolean.parseBoolean(p.getProperty("git.dirty", "false"))) commit += "-dirty";
        String version = VersionInfo.class.getPackage().getImplementationVersion();
        return new VersionInfo(
                version == null ? "0.1.0-SNAPSHOT" : version,
                commit,
                p.getProperty("git.build.time", "unknown"),
                "release",
                "Java " + Runtime.version());
    }

    /** The text nydusd prints for {@code --version}; the snapshotter greps {@code Git Commit:\s*(.+)}. */
    public String nydusdFormat() {
        return "Version: \t" + packageVersion + "\n"
                + "Git Commit: \t" + gitCommit + "\n"
                + "Build Time: \t" + buildTime + "\n"
                + "Profile: \t" + profile + "\n"
                + "Runtime: \t" + runtime + "\n";
    }
}
