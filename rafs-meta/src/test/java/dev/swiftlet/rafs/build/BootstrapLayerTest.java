package dev.swiftlet.rafs.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swiftlet.rafs.FormatException;
import dev.swiftlet.rafs.testing.Sha256;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BootstrapLayerTest {
    @TempDir
    Path tmp;

    @Test
    void theBootstrapComesBackOutOfTheLayerTheOciWriterMakes() throws Exception {
        byte[] boot = new byte[3 * 4096 + 17];
        for (int i = 0; i < boot.length; i++) boot[i] = (byte) (i * 31);
        BootstrapLayer.Packed packed =
                BootstrapLayer.pack(Files.write(tmp.resolve("boot.src"), boot), tmp.resolve("layer.tar.gz"));
        Path layer = packed.file();
        assertThat(packed.digest()).isEqualTo("sha256:" + Sha256.hex(Files.readAllBytes(layer)));
        assertThat(packed.size()).isEqualTo(Files.size(layer));
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(layer))) {
            assertThat(packed.diffId()).isEqualTo("sha256:" + Sha256.hex(in.readAllBytes()));
        }
        Files.delete(tmp.resolve("boot.src"));
        assertThat(Files.readAllBytes(BootstrapLayer.extract(layer, tmp.resolve("image.boot"))))
                .isEqualTo(boot);
        Files.delete(tmp.resolve("image.boot"));
        try (var in = Files.newInputStream(layer)) {
            assertThat(Files.readAllBytes(BootstrapLayer.extract(in, tmp.resolve("image.boot"))))
                    .isEqualTo(boot);
        }
        try (var files = Files.list(tmp)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("layer.tar.gz", "image.boot");
        }
    }

    @Test
    void aLayerWithoutTheBootstrapIsAFormatError() throws Exception {
        Path layer = Files.write(tmp.resolve("empty.tar"), new byte[1024]);
        assertThatThrownBy(() -> BootstrapLayer.extract(layer, tmp.resolve("image.boot")))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("no image/image.boot");
    }
}
