package dev.swiftlet.sys.raw;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The one place that links native functions. jextract does not capture errno, so every handle here is
 * linked with {@code captureCallState("errno")}; the wrappers in the header classes return the C result
 * or {@code -errno}, like netty's {@code Native} and the JDK's {@code CaptureStateUtil}, and never throw.
 */
final class Downcalls {
    private Downcalls() {}

    static final Linker LINKER = Linker.nativeLinker();
    static final SymbolLookup LOOKUP = LINKER.defaultLookup();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

    // one capture buffer per thread (virtual threads included): no allocation per call
    private static final ThreadLocal<MemorySegment> STATE =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CAPTURE));

    static MemorySegment address(String name) {
        return LOOKUP.findOrThrow(name);
    }

    /** A handle whose first parameter is the capture segment. */
    @SuppressWarnings("restricted")
    static MethodHandle errnoHandle(String name, FunctionDescriptor desc) {
        return LINKER.downcallHandle(address(name), desc, CAPTURE_ERRNO);
    }

    /** For variadic functions (open, ioctl, fcntl): {@code fixedArgs} named parameters come first. */
    @SuppressWarnings("restricted")
    static MethodHandle errnoHandleVariadic(String name, FunctionDescriptor desc, int fixedArgs) {
        return LINKER.downcallHandle(address(name), desc, CAPTURE_ERRNO, Linker.Option.firstVariadicArg(fixedArgs));
    }

    @SuppressWarnings("restricted")
    static MethodHandle plainHandle(String name, FunctionDescriptor desc) {
        return LINKER.downcallHandle(address(name), desc);
    }

    static MemorySegment state() {
        return STATE.get();
    }

    static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    static long result(long ret, MemorySegment state) {
        return ret < 0 ? -errno(state) : ret;
    }

    static int result(int ret, MemorySegment state) {
        return ret < 0 ? -errno(state) : ret;
    }
}
