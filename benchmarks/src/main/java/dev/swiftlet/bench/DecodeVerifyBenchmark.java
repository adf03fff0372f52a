package dev.swiftlet.bench;

import dev.swiftlet.rafs.Compression;
import dev.swiftlet.rafs.Digest;
import dev.swiftlet.rafs.DigestAlgorithm;
import dev.swiftlet.rafs.FormatException;
import dev.swiftlet.rafs.codec.Codec;
import dev.swiftlet.rafs.codec.Codecs;
import dev.swiftlet.rafs.codec.Digests;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Decompress and verify one 1 MiB chunk into a direct buffer: the CPU cost of every fetched chunk. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
public class DecodeVerifyBenchmark {
    private static final int CHUNK = 1 << 20;

    @Param({"zstd", "lz4_block"})
    String compressor;

    @Param({"blake3", "sha256"})
    String digester;

    private Codec codec;
    private ByteBuffer compressed;
    private ByteBuffer out;
    private Digest expected;

    @Setup
    public void setUp() {
        codec = Codecs.of(Compression.fromCliName(compressor));
        byte[] data = new byte[CHUNK];
        SplittableRandom r = new SplittableRandom(3);
        // text-like data: compressible, like most image content
        for (int i = 0; i < data.length; i++) data[i] = (byte) (' ' + r.nextInt(i % 512 < 300 ? 8 : 90));
        ByteBuffer dst = ByteBuffer.allocateDirect(codec.maxEncodedLength(CHUNK));
        int n = codec.encode(ByteBuffer.wrap(data), dst);
        compressed = dst.slice(0, n);
        out = ByteBuffer.allocateDirect(CHUNK);
        expected = Digests.compute(DigestAlgorithm.fromCliName(digester), ByteBuffer.wrap(data));
    }

    @Benchmark
    public boolean decodeAndVerify() throws FormatException {
        codec.decode(compressed, out, "bench");
        return Digests.matches(expected, out);
    }
}
