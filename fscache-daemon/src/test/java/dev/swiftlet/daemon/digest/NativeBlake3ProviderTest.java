package dev.swiftlet.daemon.digest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swiftlet.rafs.codec.Blake3Engine;
import dev.swiftlet.rafs.codec.Blake3Engines;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class NativeBlake3ProviderTest {
    private final NativeBlake3Provider provider = new NativeBlake3Provider();

    @Test
    void theBuildBundlesTheNativeLibraryAndTheDaemonUsesIt() {
        assertThat(provider.engine())
                .as("native BLAKE3 (build with librust-blake3-dev and gcc installed): %s", provider.unavailableReason())
                .isPresent();
        assertThat(Blake3Engines.active().description()).startsWith("native BLAKE3 1.3");
    }

    @Test
    void agreesWithBouncyCastleAcrossChunkAndBlockBoundaries() {
        Blake3Engine fast = provider.engine().orElseThrow();
        Blake3Engine reference = Blake3Engines.bouncyCastle();
        Random random = new Random(7);
        int[] lengths = {0, 1, 63, 64, 65, 1023, 1024, 1025, 2048, 4095, 4096, 8193, 65_539, 1 << 20, (3 << 20) + 17};
        for (int length : lengths) {
            byte[] data = new byte[length + 11];
            random.nextBytes(data);
            ByteBuffer heap = ByteBuffer.wrap(data, 11, length);
            ByteBuffer direct = ByteBuffer.allocateDirect(length + 5).position(5);
            direct.put(data, 11, length).position(5);
            String expected = hex(reference, heap);
            assertThat(hex(fast, heap)).as("heap, %d bytes", length).isEqualTo(expected);
            assertThat(hex(fast, direct)).as("direct, %d bytes", length).isEqualTo(expected);
            assertThat(heap.position()).isEqualTo(11);
            assertThat(direct.position()).isEqualTo(5);
        }
    }

    @Test
    void matchesThePublishedVectorForAbc() {
        // BLAKE3("abc"), from the reference implementation's documentation
        assertThat(hex(provider.engine().orElseThrow(), ByteBuffer.wrap("abc".getBytes())))
                .isEqualTo("6437b3ac38465133ffb63b75273a8db548c558465d79db03fd359c6cd5bd9d85");
    }

    private static String hex(Blake3Engine engine, ByteBuffer data) {
        byte[] out = new byte[32];
        engine.digest(data, out);
        return HexFormat.of().formatHex(out);
    }
}
