package dev.swiftlet.rafs.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swiftlet.rafs.FormatException;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BootstrapLayerTest {
    @TempDir
    Path tmp;

    @Test
    void theBootstrapComesBackOutOfTheLayerTheOciWriterMakes() throws Exception {
        byte[] boot = new byte[3 * 4096 + 17];
        for (int i = 0; i < boot.length; i++) boot[i] = (byte) (i * 31);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(OciLayoutWriter.bootstrapTar(boot));
        }
        Path layer = Files.write(tmp.resolve("layer.tar.gz"), gz.toByteArray());
        assertThat(Files.readAllBytes(BootstrapLayer.extract(layer, tmp.resolve("image.boot")))).isEqualTo(boot);
        Files.delete(tmp.resolve("image.boot"));
        try (var in = Files.newInputStream(layer)) {
            assertThat(Files.readAllBytes(BootstrapLayer.extract(in, tmp.resolve("image.boot")))).isEqualTo(boot);
        }
        try (var files = Files.list(tmp)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("layer.tar.gz", "image.boot");
        }
    }

    @Test
    void aLayerWithoutTheBootstrapIsAFormatError() throws Exception {
        Path layer = Files.write(tmp.resolve("empty.tar"), new byte[1024]);
        assertThatThrownBy(() -> BootstrapLayer.extract(layer, tmp.resolve("image.boot")))
                .isInstanceOf(FormatException.class).hasMessageContaining("no image/image.boot");
    }
}
