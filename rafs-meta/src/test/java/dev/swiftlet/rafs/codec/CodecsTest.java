package dev.swiftlet.rafs.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.swiftlet.rafs.Compression;
import dev.swiftlet.rafs.DigestAlgorithm;
import dev.swiftlet.rafs.FormatException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CodecsTest {
    private static byte[] sample(int n) {
        byte[] b = new byte[n];
        Random r = new Random(42);
        for (int i = 0; i < n; i++) b[i] = (byte) (i % 97 < 60 ? 'a' + (i % 7) : r.nextInt());
        return b;
    }

    @ParameterizedTest
    @EnumSource(
            value = Compression.class,
            names = {"NONE", "LZ4_BLOCK", "ZSTD"})
    void roundTripsHeapAndDirect(Compression c) throws Exception {
        Codec codec = Codecs.of(c);
        byte[] data = sample(100_000);
        for (boolean direct : new boolean[] {false, true}) {
            ByteBuffer src =
                    direct ? ByteBuffer.allocateDirect(data.length).put(data).flip() : ByteBuffer.wrap(data);
            ByteBuffer enc = direct
                    ? ByteBuffer.allocateDirect(codec.maxEncodedLength(data.length))
                    : ByteBuffer.allocate(codec.maxEncodedLength(data.length));
            int n = codec.encode(src, enc);
            assertThat(n).isPositive();
            if (c != Compression.NONE) assertThat(n).isLessThan(data.length);
            ByteBuffer out = direct ? ByteBuffer.allocateDirect(data.length) : ByteBuffer.allocate(data.length);
            codec.decode(enc.slice(0, n), out, "test");
            byte[] back = new byte[data.length];
            out.get(back);
            assertThat(back).isEqualTo(data);
        }
    }

    @ParameterizedTest
    @EnumSource(
            value = Compression.class,
            names = {"LZ4_BLOCK", "ZSTD"})
    void corruptOrShortStreamsAreFormatErrors(Compression c) {
        Codec codec = Codecs.of(c);
        byte[] data = sample(10_000);
        ByteBuffer enc = ByteBuffer.allocate(codec.maxEncodedLength(data.length));
        int n = codec.encode(ByteBuffer.wrap(data), enc);
        // expecting one byte more than the stream holds
        assertThatThrownBy(() -> codec.decode(enc.slice(0, n), ByteBuffer.allocate(data.length + 1), "blob-x"))
                .isInstanceOf(FormatException.class)
                .hasMessageContaining("blob-x");
        byte[] garbage = new byte[n];
        new Random(1).nextBytes(garbage);
        assertThatThrownBy(() -> codec.decode(ByteBuffer.wrap(garbage), ByteBuffer.allocate(data.length), "blob-y"))
                .isInstanceOf(FormatException.class);
    }

    @Test
    void digestsMatchPublishedVectors() {
        ByteBuffer empty = ByteBuffer.allocate(0);
        assertThat(Digests.compute(DigestAlgorithm.BLAKE3, empty).hex())
                .isEqualTo("af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262");
        ByteBuffer abc = ByteBuffer.wrap("abc".getBytes(StandardCharsets.US_ASCII));
        assertThat(Digests.compute(DigestAlgorithm.SHA256, abc).hex())
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        ByteBuffer direct = ByteBuffer.allocateDirect(3)
                .put("abc".getBytes(StandardCharsets.US_ASCII))
                .flip();
        assertThat(Digests.compute(DigestAlgorithm.BLAKE3, direct))
                .isEqualTo(Digests.compute(DigestAlgorithm.BLAKE3, abc));
        assertThat(direct.position()).isZero();
    }
}
