package dev.swiftlet.rafs.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swiftlet.rafs.testing.Sha256;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The kernel reads the Nydus fixture through a file-backed EROFS mount whose device is the cache file
 * our reader unpacks: exactly the bytes the daemon will later write for the kernel.
 */
class KernelAgreesTest {
    @Test
    void theFixtureMountsOverItsUnpackedCacheFile() throws Exception {
        Path dir = Fixtures.nydus();
        Path tmp = KernelMounts.scratch("fixture");
        Path boot = tmp.resolve("image.boot");
        Files.copy(dir.resolve("rafs-v6-2.2.boot"), boot);
        RafsImage img = RafsImage.open(boot);
        Path cache = tmp.resolve(Fixtures.BLOB_ID);
        try (ImageDataReader r = ImageDataReader.fromBlobDir(img, dir.resolve("blobs"))) {
            r.unpackBlob(0, cache);
        }
        Path mnt = tmp.resolve("mnt");
        try (AutoCloseable m = KernelMounts.mount(boot, mnt, List.of(cache))) {
            assertThat(Sha256.hex(Files.readAllBytes(mnt.resolve("lib.rs"))))
                    .isEqualTo("1810eba864521293bb0d6b55a3c82318d4d89f294ed761c456d9088a17de0c69");
            assertThat(Sha256.hex(Files.readAllBytes(mnt.resolve("sync_io.rs"))))
                    .isEqualTo("e629ab260ff0dc02a24648a3e0dd8c13a5daf233d535c330e3201925f5eeff96");
            try (var list = Files.list(mnt)) {
                assertThat(list.map(p -> p.getFileName().toString()).sorted()).containsExactly("lib.rs", "sync_io.rs");
            }
        }
    }
}
