package dev.swiftlet.rafs.image;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the real Nydus images live: ../shared/fixtures beside the checkout (CI copies shared/ there). */
public final class Fixtures {
    private Fixtures() {}

    public static Path nydus() {
        Path root = Path.of(System.getProperty("swiftlet.repo.root", ".."));
        for (Path p : new Path[] {root.resolve("../shared/fixtures/nydus"), Path.of("/work/shared/fixtures/nydus")}) {
            if (Files.isRegularFile(p.resolve("rafs-v6-2.2.boot")))
                return p.toAbsolutePath().normalize();
        }
        throw new IllegalStateException(
                "the Nydus fixtures are missing: expected ../shared/fixtures/nydus beside the checkout");
    }

    public static final String BLOB_ID = "be7d77eeb719f70884758d1aa800ed0fb09d701aaec469964e9d54325f0d5fef";
}
