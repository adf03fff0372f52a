// Hand-written in jextract's shape from blake3.h (BLAKE3 1.3.1, the reference C implementation).
package dev.swiftlet.sys.raw;

import java.lang.foreign.*;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

/**
 * {@code <blake3.h>}: the hasher struct and the three calls a one-shot digest needs. Unlike libc, the library is
 * not in the process: {@link #bind} links these handles against a {@code libblake3.so} loaded from a path.
 * The handles are linked {@code critical(true)}: a call hashes at most one chunk (≤ 16 MiB, well under a
 * millisecond per MiB), and critical calls may take heap segments, so Java arrays are hashed in place.
 */
public final class Blake3 {
    public static final int BLAKE3_OUT_LEN = 32;

    /** {@code blake3_hasher}: key[8], a 112-byte chunk state, cv_stack_len, cv_stack[55 * 32]; 1912 bytes, align 8. */
    public static final StructLayout blake3_hasher = MemoryLayout.structLayout(
                    MemoryLayout.sequenceLayout(8, ValueLayout.JAVA_INT).withName("key"),
                    MemoryLayout.structLayout(
                                    MemoryLayout.sequenceLayout(8, ValueLayout.JAVA_INT)
                                            .withName("cv"),
                                    ValueLayout.JAVA_LONG.withName("chunk_counter"),
                                    MemoryLayout.sequenceLayout(64, ValueLayout.JAVA_BYTE)
                                            .withName("buf"),
                                    ValueLayout.JAVA_BYTE.withName("buf_len"),
                                    ValueLayout.JAVA_BYTE.withName("blocks_compressed"),
                                    ValueLayout.JAVA_BYTE.withName("flags"),
                                    MemoryLayout.paddingLayout(5))
                            .withName("chunk"),
                    ValueLayout.JAVA_BYTE.withName("cv_stack_len"),
                    MemoryLayout.sequenceLayout(55 * 32, ValueLayout.JAVA_BYTE).withName("cv_stack"),
                    MemoryLayout.paddingLayout(7))
            .withName("blake3_hasher");

    private final MethodHandle blake3_hasher_init;
    private final MethodHandle blake3_hasher_update;
    private final MethodHandle blake3_hasher_finalize;
    private final MethodHandle blake3_version;

    private Blake3(SymbolLookup lookup) {
        Linker linker = Linker.nativeLinker();
        Linker.Option critical = Linker.Option.critical(true);
        blake3_hasher_init = linker.downcallHandle(
                lookup.findOrThrow("blake3_hasher_init"), FunctionDescriptor.ofVoid(ValueLayout.ADDRESS), critical);
        blake3_hasher_update = linker.downcallHandle(
                lookup.findOrThrow("blake3_hasher_update"),
                FunctionDescriptor.ofVoid(ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG),
                critical);
        blake3_hasher_finalize = linker.downcallHandle(
                lookup.findOrThrow("blake3_hasher_finalize"),
                FunctionDescriptor.ofVoid(ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG),
                critical);
        blake3_version =
                linker.downcallHandle(lookup.findOrThrow("blake3_version"), FunctionDescriptor.of(ValueLayout.ADDRESS));
    }

    /** Loads {@code library} into the global arena (it stays loaded for the process) and links the calls. */
    @SuppressWarnings("restricted")
    public static Blake3 bind(Path library) {
        return new Blake3(SymbolLookup.libraryLookup(library, Arena.global()));
    }

    public void blake3_hasher_init(MemorySegment self) {
        try {
            blake3_hasher_init.invokeExact(self);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    public void blake3_hasher_update(MemorySegment self, MemorySegment input, long inputLen) {
        try {
            blake3_hasher_update.invokeExact(self, input, inputLen);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    public void blake3_hasher_finalize(MemorySegment self, MemorySegment out, long outLen) {
        try {
            blake3_hasher_finalize.invokeExact(self, out, outLen);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    @SuppressWarnings("restricted")
    public String blake3_version() {
        try {
            return ((MemorySegment) blake3_version.invokeExact())
                    .reinterpret(32)
                    .getString(0);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }
}
