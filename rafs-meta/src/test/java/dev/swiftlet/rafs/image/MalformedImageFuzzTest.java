package dev.swiftlet.rafs.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.swiftlet.rafs.FormatException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A seeded mutation fuzzer over real bootstraps (the Nydus fixture and mkfs.erofs images): bit flips,
 * truncations, and fields overwritten with extreme values. Parsing and walking every mutant may only end
 * normally or in the error the reader promises for bad bytes, a {@link FormatException} naming the resource and the
 * offset: no RuntimeException, no other IOException, no OOM, no hang (each case has a deadline, a guard against a
 * hang, not a measure). A fixed number of cases from a fixed seed, so every run tries the same mutants whatever the
 * machine's speed ({@code -Dswiftlet.fuzz.cases=N}, {@code -Dswiftlet.fuzz.seed=S} for a longer or another run).
 * Inputs that broke this once are kept under src/test/resources/fuzz-regressions and replayed.
 */
class MalformedImageFuzzTest {
    private static final int CASES = Integer.getInteger("swiftlet.fuzz.cases", 3000);
    private static final long SEED = Long.getLong("swiftlet.fuzz.seed", 20261128L);
    private static final long CASE_TIMEOUT_MILLIS = 5_000;

    /** Parses, walks and reads everything; returns normally for images that are (still) valid. */
    static void exercise(byte[] image, Path blobDir) throws IOException {
        RafsImage img = RafsImage.of(ByteBuffer.wrap(image), "fuzz");
        RafsTree tree = new RafsTree(img);
        try (ImageDataReader r = blobDir == null ? null : ImageDataReader.fromBlobDir(img, blobDir)) {
            tree.walk((path, inode) -> {
                if (inode.isSymlink()) tree.readSymlink(inode);
                if (inode.isRegular() && r != null && inode.size() < (64 << 20))
                    r.readFile(inode, OutputStream.nullOutputStream());
                tree.extents(inode);
            });
        }
        for (int i = 0; i < img.blobs().size(); i++) {
            if (!img.blobs().get(i).raw()) img.chunkTable(i).covering(0, 1 << 20);
        }
    }

    /** Returns true when the mutant was refused (with a FormatException that says where), false when it read fine. */
    private static boolean checkCase(ExecutorService pool, byte[] image, Path blobDir, String what) throws Exception {
        Future<?> f = pool.submit(() -> {
            exercise(image, blobDir);
            return null;
        });
        try {
            f.get(CASE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            return false;
        } catch (TimeoutException e) {
            f.cancel(true);
            keep(image, what);
            fail(what + ": parsing did not finish within " + CASE_TIMEOUT_MILLIS + " ms");
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof FormatException fe
                    && FORMAT_MESSAGE.matcher(fe.getMessage()).matches()) return true;
            keep(image, what);
            throw new AssertionError(what + ": not a FormatException naming resource and offset: " + c, c);
        }
    }

    /** What FormatException promises: "RESOURCE @0xOFFSET: what is wrong". */
    private static final java.util.regex.Pattern FORMAT_MESSAGE =
            java.util.regex.Pattern.compile("(?s)\\S+ @0x[0-9a-f]+: .+");

    private static void keep(byte[] image, String what) throws IOException {
        Path dir = Path.of("target/fuzz-crashes");
        Files.createDirectories(dir);
        Path f = dir.resolve(what.replaceAll("[^a-zA-Z0-9_.-]", "_") + ".img");
        Files.write(f, image);
        System.err.println("fuzz: kept crashing input " + f.toAbsolutePath()
                + " (copy it into src/test/resources/fuzz-regressions)");
    }

    @Test
    void mutantsEndInFormatErrorsOnly() throws Exception {
        Path fixtures = Fixtures.nydus();
        byte[] rafs = Files.readAllBytes(fixtures.resolve("rafs-v6-2.2.boot"));
        Path tmp = KernelMounts.scratch("fuzz");
        Path src = RawErofsImageTest.makeTree(tmp.resolve("src"));
        KernelMounts.run(
                "mkfs.erofs",
                "--chunksize=4096",
                "-Eforce-chunk-indexes",
                tmp.resolve("raw.img").toString(),
                src.toString());
        byte[] raw = Files.readAllBytes(tmp.resolve("raw.img"));
        List<byte[]> seeds = List.of(rafs, raw);
        exercise(rafs, fixtures.resolve("blobs")); // the seeds themselves are valid
        exercise(raw, null);

        Random rnd = new Random(SEED);
        int refused = 0;
        ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fuzz-case");
            t.setDaemon(true);
            return t;
        });
        try {
            for (int cases = 0; cases < CASES; cases++) {
                int which = rnd.nextInt(seeds.size());
                byte[] m = seeds.get(which).clone();
                String what = "seed" + which + "-case" + cases;
                switch (rnd.nextInt(4)) {
                    case 0 -> { // bit flips, mostly in the metadata-dense first blocks
                        for (int i = 1 + rnd.nextInt(8); i > 0; i--) {
                            int pos = rnd.nextInt(Math.min(m.length, rnd.nextBoolean() ? 16384 : m.length));
                            m[pos] ^= (byte) (1 << rnd.nextInt(8));
                        }
                    }
                    case 1 -> m = java.util.Arrays.copyOf(m, rnd.nextInt(m.length)); // truncation
                    case 2 -> { // an extreme value over a 2/4/8-byte field
                        ByteBuffer b = ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN);
                        int pos = 1024 + rnd.nextInt(Math.min(m.length, 16384) - 1032);
                        long[] extremes = {0, -1, 0x7fffffffL, 0x80000000L, Long.MAX_VALUE, 1L << 40, 0xFFFF};
                        long v = extremes[rnd.nextInt(extremes.length)];
                        switch (rnd.nextInt(3)) {
                            case 0 -> b.putShort(pos, (short) v);
                            case 1 -> b.putInt(pos, (int) v);
                            default -> b.putLong(pos, v);
                        }
                    }
                    default -> { // a block of random bytes
                        int pos = rnd.nextInt(m.length);
                        for (int i = pos; i < Math.min(m.length, pos + 64); i++) m[i] = (byte) rnd.nextInt();
                    }
                }
                if (checkCase(pool, m, which == 0 ? fixtures.resolve("blobs") : null, what)) refused++;
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.println(
                "fuzz: " + CASES + " mutants, " + refused + " refused with a FormatException, the rest read");
        assertThat(refused).as("mutants refused").isGreaterThan(CASES / 4);
    }

    /** Mutates the blob side: the ci array, its header and the tar/ToC tail of the fixture blob. */
    @Test
    void blobMetaMutantsEndInFormatErrorsOnly() throws Exception {
        Path fixtures = Fixtures.nydus();
        RafsImage img = RafsImage.open(fixtures.resolve("rafs-v6-2.2.boot"));
        BlobInfo info = img.blobs().get(0);
        byte[] blob = Files.readAllBytes(fixtures.resolve("blobs").resolve(Fixtures.BLOB_ID));
        BlobMeta.read(ByteBuffer.wrap(blob), info).crossCheck(img.chunkInfos(0), info.id()); // the seed is valid
        Random rnd = new Random(SEED + 1);
        int refused = 0;
        for (int cases = 0; cases < CASES; cases++) {
            byte[] m = blob.clone();
            // the ci array and the header's fields (its reserved tail is, as in nydus, not checked)
            int metaStart = (int) info.ciOffset(), metaLen = (int) info.ciCompressedSize() + 64;
            if (rnd.nextInt(5) == 0) {
                m = java.util.Arrays.copyOf(m, rnd.nextInt(m.length));
            } else {
                ByteBuffer b = ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN);
                int pos = metaStart + rnd.nextInt(metaLen - 8);
                long[] extremes = {0, -1, 0x7fffffffL, 0x80000000L, Long.MAX_VALUE, 1L << 40, 1L << 24};
                if (rnd.nextBoolean()) b.putLong(pos, extremes[rnd.nextInt(extremes.length)]);
                else m[pos] ^= (byte) (1 << rnd.nextInt(8));
            }
            try {
                BlobMeta.read(ByteBuffer.wrap(m), info).crossCheck(img.chunkInfos(0), info.id());
            } catch (FormatException e) {
                assertThat(e.getMessage()).startsWith(info.id() + " @0x").matches(FORMAT_MESSAGE);
                refused++;
            } catch (RuntimeException | IOException e) {
                keep(m, "blobmeta-case" + cases);
                throw new AssertionError("blob mutant " + cases + ": not a FormatException: " + e, e);
            }
        }
        System.out.println("fuzz: " + CASES + " blob meta mutants, " + refused + " refused with FormatException");
        assertThat(refused)
                .isGreaterThan(CASES / 4); // ci and header fields are cross-checked, so many mutants must be caught
    }

    @Test
    void keptRegressionsStillFailCleanly() throws Exception {
        Path dir = Path.of("src/test/resources/fuzz-regressions");
        List<Path> kept;
        try (Stream<Path> s = Files.list(dir)) {
            kept = s.filter(f -> f.toString().endsWith(".img")).sorted().toList();
        }
        assertThat(kept).isNotEmpty();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            for (Path p : kept) {
                checkCase(
                        pool,
                        Files.readAllBytes(p),
                        Fixtures.nydus().resolve("blobs"),
                        p.getFileName().toString());
                // each kept input is malformed: it must be refused, not read
                assertThatThrownBy(() ->
                                exercise(Files.readAllBytes(p), Fixtures.nydus().resolve("blobs")))
                        .as(p.getFileName().toString())
                        .isInstanceOf(FormatException.class)
                        .hasMessageContaining("@0x");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aCorruptChunkIsADigestErrorNamingBlobAndChunk() throws Exception {
        Path fixtures = Fixtures.nydus();
        Path blobs = KernelMounts.scratch("corrupt");
        byte[] blob = Files.readAllBytes(fixtures.resolve("blobs").resolve(Fixtures.BLOB_ID));
        // chunk 1 is stored at [4828, 4828+2974): flip a byte inside the zstd payload
        blob[4828 + 1500] ^= 0x40;
        Files.write(blobs.resolve(Fixtures.BLOB_ID), blob);
        RafsImage img = RafsImage.open(fixtures.resolve("rafs-v6-2.2.boot"));
        try (ImageDataReader r = ImageDataReader.fromBlobDir(img, blobs)) {
            r.readFile(new RafsTree(img).inode(133), OutputStream.nullOutputStream()); // lib.rs (chunk 0) is intact
            try {
                r.readFile(new RafsTree(img).inode(136), OutputStream.nullOutputStream());
                fail("a corrupt chunk was read without error");
            } catch (FormatException e) {
                assertThat(e.getMessage()).contains(Fixtures.BLOB_ID).contains("chunk 1");
            }
        }
    }
}
