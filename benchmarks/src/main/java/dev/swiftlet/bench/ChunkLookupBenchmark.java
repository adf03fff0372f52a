package dev.swiftlet.bench;

import dev.swiftlet.rafs.image.ChunkTable;
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

/**
 * The lookup the daemon makes on every kernel READ: which chunks cover {@code [offset, offset+len)}.
 * A blob of {@code chunks} chunks of ~1 MiB (odd sizes, so slots have padding) and kernel-sized reads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(
        value = 1,
        jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"})
public class ChunkLookupBenchmark {
    @Param({"1024", "65536"})
    int chunks;

    private ChunkTable table;
    private long[] offsets;
    private int next;

    @Setup
    public void setUp() {
        ChunkTable.Builder b = ChunkTable.builder(chunks, null);
        SplittableRandom r = new SplittableRandom(7);
        long off = 0, coff = 0;
        for (int i = 0; i < chunks; i++) {
            int size = (1 << 20) - r.nextInt(4096);
            int csize = size / 3;
            b.add(off, size, coff, csize, true, null);
            off = ChunkTable.roundUp(off + size);
            coff += csize;
        }
        table = b.build();
        offsets = new long[4096];
        for (int i = 0; i < offsets.length; i++) offsets[i] = r.nextLong(table.uncompressedSize() - 262144) & -4096L;
    }

    @Benchmark
    public long covering128k() {
        long off = offsets[next++ & (offsets.length - 1)];
        return table.covering(off, 131072);
    }
}
