package dev.swiftlet.sys.blake3;

import dev.swiftlet.sys.raw.Blake3;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HexFormat;
import java.util.Optional;

/**
 * One-shot BLAKE3-256 through the reference C library. {@link #load()} finds the library, in this order:
 * system property {@code swiftlet.blake3.library} (a path, or {@code none} to refuse the native library), then
 * the copy bundled in this jar at build time (see {@code src/main/native/build-blake3.sh}). A library that
 * does not hash the empty input to the published digest is refused, so a broken build can never verify chunks.
 * Thread-safe: each call uses its own hasher state.
 */
public final class NativeBlake3 {
    public static final String LIBRARY_PROPERTY = "swiftlet.blake3.library";
    static final String BUNDLED = "/dev/swiftlet/sys/blake3/libblake3-linux-x86_64.so";
    // BLAKE3("") from the specification's test vectors
    private static final String EMPTY_DIGEST = "af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262";
    private static final int HASHER_LONGS = (int) (Blake3.blake3_hasher.byteSize() / Long.BYTES);

    private final Blake3 lib;
    private final String source;

    private NativeBlake3(Blake3 lib, String source) {
        this.lib = lib;
        this.source = source;
    }

    /** The library, or why there is none (the message says what to install or set). */
    public static Result load() {
        String configured = System.getProperty(LIBRARY_PROPERTY, "");
        if (configured.equals("none")) {
            return Result.absent("native BLAKE3 disabled by -D" + LIBRARY_PROPERTY + "=none");
        }
        try {
            if (!configured.isEmpty()) {
                return verified(Blake3.bind(Path.of(configured)), configured);
            }
            try (InputStream in = NativeBlake3.class.getResourceAsStream(BUNDLED)) {
                if (in == null) {
                    return Result.absent("no native BLAKE3 bundled in this build (built without librust-blake3-dev"
                            + " and a C compiler)");
                }
                // dlopen keeps its own mapping: the extracted copy is deleted as soon as it is loaded
                Path tmp = Files.createTempFile("swiftlet-blake3-", ".so");
                try {
                    Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                    return verified(Blake3.bind(tmp), "bundled");
                } finally {
                    Files.deleteIfExists(tmp);
                }
            }
        } catch (IOException | RuntimeException e) {
            return Result.absent("native BLAKE3 unavailable (" + (configured.isEmpty() ? "bundled" : configured) + "): "
                    + e.getMessage());
        }
    }

    private static Result verified(Blake3 lib, String source) {
        NativeBlake3 candidate = new NativeBlake3(lib, source);
        byte[] out = new byte[Blake3.BLAKE3_OUT_LEN];
        candidate.digest(ByteBuffer.allocate(0), out);
        if (!HexFormat.of().formatHex(out).equals(EMPTY_DIGEST)) {
            return Result.absent("native BLAKE3 from " + source + " fails the empty-input test vector; not used");
        }
        return new Result(Optional.of(candidate), "native BLAKE3 " + lib.blake3_version() + " (" + source + ")");
    }

    /** Digests {@code data} from position to limit (heap or direct; the position is not moved) into {@code out}. */
    public void digest(ByteBuffer data, byte[] out) {
        digest(MemorySegment.ofBuffer(data), out);
    }

    public void digest(MemorySegment data, byte[] out) {
        if (out.length < Blake3.BLAKE3_OUT_LEN) {
            throw new IllegalArgumentException("BLAKE3 output needs " + Blake3.BLAKE3_OUT_LEN + " bytes");
        }
        // a long[] gives the struct its 8-byte alignment; critical downcalls accept heap segments
        MemorySegment hasher = MemorySegment.ofArray(new long[HASHER_LONGS]);
        lib.blake3_hasher_init(hasher);
        lib.blake3_hasher_update(hasher, data, data.byteSize());
        lib.blake3_hasher_finalize(hasher, MemorySegment.ofArray(out), Blake3.BLAKE3_OUT_LEN);
    }

    /** Where the library came from: a path, or "bundled". */
    public String source() {
        return source;
    }

    /** The outcome of {@link #load()}: the library if usable, and a sentence for the log either way. */
    public record Result(Optional<NativeBlake3> library, String description) {
        static Result absent(String why) {
            return new Result(Optional.empty(), why);
        }
    }
}
