package dev.swiftlet.fetch.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReadAheadStreamTest {
    @Test
    void bytesComeThroughWholeAndInOrderWhateverTheReadSizes() throws IOException {
        byte[] data = new byte[3_000_017];
        new Random(7).nextBytes(data);
        try (ReadAheadStream in = new ReadAheadStream(new ByteArrayInputStream(data), "test", 65_536, 3)) {
            byte[] got = new byte[data.length];
            int at = 0;
            Random sizes = new Random(8);
            for (int n;
                    at < got.length
                            && (n = in.read(got, at, Math.min(got.length - at, 1 + sizes.nextInt(200_000)))) > 0; )
                at += n;
            assertThat(at).isEqualTo(data.length);
            assertThat(got).isEqualTo(data);
            assertThat(in.read()).isEqualTo(-1);
        }
    }

    @Test
    void theSourcesFailureIsThrownWhereItsBytesWouldHaveBeen() throws IOException {
        byte[] data = new byte[100_000];
        new Random(9).nextBytes(data);
        InputStream failing = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("layer sha256:abc: corrupt gzip stream");
            }
        };
        try (ReadAheadStream in = new ReadAheadStream(
                new SequenceInputStream(new ByteArrayInputStream(data), failing), "test", 4096, 2)) {
            assertThat(in.readNBytes(data.length)).isEqualTo(data);
            assertThatThrownBy(in::read).isInstanceOf(IOException.class).hasMessageContaining("corrupt gzip stream");
        }
    }

    @Test
    void anEmptySourceEndsAtOnce() throws IOException {
        try (ReadAheadStream in = new ReadAheadStream(new ByteArrayInputStream(new byte[0]), "test", 4096, 2)) {
            assertThat(in.read(new byte[10], 0, 10)).isEqualTo(-1);
            assertThat(Arrays.equals(in.readAllBytes(), new byte[0])).isTrue();
        }
    }
}
