// Hand-written in jextract's shape for `struct io_uring_sqe` from <linux/io_uring.h>; regenerate with
// scripts/jextract.sh.
package dev.swiftlet.sys.raw;

import static dev.swiftlet.sys.raw.Libc.*;

import java.lang.foreign.*;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.ValueLayout.*;

/**
 * {@snippet lang=c : struct io_uring_sqe } from {@code <linux/io_uring.h>}.
 * Checked against the C headers by {@code LayoutsMatchCHeadersTest}.
 */
@SuppressWarnings("unused")
public final class io_uring_sqe {
    private io_uring_sqe() {}

    private static final GroupLayout $LAYOUT = MemoryLayout.structLayout(
                    C_CHAR.withName("opcode"),
                    C_CHAR.withName("flags"),
                    C_SHORT.withName("ioprio"),
                    C_INT.withName("fd"),
                    C_INT.withName("cmd_op"),
                    MemoryLayout.paddingLayout(4),
                    C_LONG_LONG.withName("addr"),
                    C_INT.withName("len"),
                    C_INT.withName("uring_cmd_flags"),
                    C_LONG_LONG.withName("user_data"),
                    C_SHORT.withName("buf_index"),
                    C_SHORT.withName("personality"),
                    C_INT.withName("file_index"),
                    C_LONG_LONG.withName("addr3"),
                    MemoryLayout.paddingLayout(8))
            .withName("io_uring_sqe");

    public static GroupLayout layout() {
        return $LAYOUT;
    }

    public static long sizeof() {
        return $LAYOUT.byteSize();
    }

    public static MemorySegment allocate(SegmentAllocator allocator) {
        return allocator.allocate($LAYOUT);
    }

    public static MemorySegment asSlice(MemorySegment array, long index) {
        return array.asSlice(index * sizeof(), sizeof());
    }

    private static final OfByte opcode$LAYOUT = (OfByte) $LAYOUT.select(PathElement.groupElement("opcode"));
    private static final long opcode$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("opcode"));

    public static long opcode$offset() {
        return opcode$OFFSET;
    }

    public static byte opcode(MemorySegment struct) {
        return struct.get(opcode$LAYOUT, opcode$OFFSET);
    }

    public static void opcode(MemorySegment struct, byte value) {
        struct.set(opcode$LAYOUT, opcode$OFFSET, value);
    }

    private static final OfByte flags$LAYOUT = (OfByte) $LAYOUT.select(PathElement.groupElement("flags"));
    private static final long flags$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("flags"));

    public static long flags$offset() {
        return flags$OFFSET;
    }

    public static byte flags(MemorySegment struct) {
        return struct.get(flags$LAYOUT, flags$OFFSET);
    }

    public static void flags(MemorySegment struct, byte value) {
        struct.set(flags$LAYOUT, flags$OFFSET, value);
    }

    private static final OfShort ioprio$LAYOUT = (OfShort) $LAYOUT.select(PathElement.groupElement("ioprio"));
    private static final long ioprio$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("ioprio"));

    public static long ioprio$offset() {
        return ioprio$OFFSET;
    }

    public static short ioprio(MemorySegment struct) {
        return struct.get(ioprio$LAYOUT, ioprio$OFFSET);
    }

    public static void ioprio(MemorySegment struct, short value) {
        struct.set(ioprio$LAYOUT, ioprio$OFFSET, value);
    }

    private static final OfInt fd$LAYOUT = (OfInt) $LAYOUT.select(PathElement.groupElement("fd"));
    private static final long fd$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("fd"));

    public static long fd$offset() {
        return fd$OFFSET;
    }

    public static int fd(MemorySegment struct) {
        return struct.get(fd$LAYOUT, fd$OFFSET);
    }

    public static void fd(MemorySegment struct, int value) {
        struct.set(fd$LAYOUT, fd$OFFSET, value);
    }

    private static final OfInt cmd_op$LAYOUT = (OfInt) $LAYOUT.select(PathElement.groupElement("cmd_op"));
    private static final long cmd_op$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("cmd_op"));

    public static long cmd_op$offset() {
        return cmd_op$OFFSET;
    }

    public static int cmd_op(MemorySegment struct) {
        return struct.get(cmd_op$LAYOUT, cmd_op$OFFSET);
    }

    public static void cmd_op(MemorySegment struct, int value) {
        struct.set(cmd_op$LAYOUT, cmd_op$OFFSET, value);
    }

    private static final OfLong addr$LAYOUT = (OfLong) $LAYOUT.select(PathElement.groupElement("addr"));
    private static final long addr$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("addr"));

    public static long addr$offset() {
        return addr$OFFSET;
    }

    public static long addr(MemorySegment struct) {
        return struct.get(addr$LAYOUT, addr$OFFSET);
    }

    public static void addr(MemorySegment struct, long value) {
        struct.set(addr$LAYOUT, addr$OFFSET, value);
    }

    private static final OfInt len$LAYOUT = (OfInt) $LAYOUT.select(PathElement.groupElement("len"));
    private static final long len$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("len"));

    public static long len$offset() {
        return len$OFFSET;
    }

    public static int len(MemorySegment struct) {
        return struct.get(len$LAYOUT, len$OFFSET);
    }

    public static void len(MemorySegment struct, int value) {
        struct.set(len$LAYOUT, len$OFFSET, value);
    }

    private static final OfInt uring_cmd_flags$LAYOUT =
            (OfInt) $LAYOUT.select(PathElement.groupElement("uring_cmd_flags"));
    private static final long uring_cmd_flags$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("uring_cmd_flags"));

    public static long uring_cmd_flags$offset() {
        return uring_cmd_flags$OFFSET;
    }

    public static int uring_cmd_flags(MemorySegment struct) {
        return struct.get(uring_cmd_flags$LAYOUT, uring_cmd_flags$OFFSET);
    }

    public static void uring_cmd_flags(MemorySegment struct, int value) {
        struct.set(uring_cmd_flags$LAYOUT, uring_cmd_flags$OFFSET, value);
    }

    private static final OfLong user_data$LAYOUT = (OfLong) $LAYOUT.select(PathElement.groupElement("user_data"));
    private static final long user_data$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("user_data"));

    public static long user_data$offset() {
        return user_data$OFFSET;
    }

    public static long user_data(MemorySegment struct) {
        return struct.get(user_data$LAYOUT, user_data$OFFSET);
    }

    public static void user_data(MemorySegment struct, long value) {
        struct.set(user_data$LAYOUT, user_data$OFFSET, value);
    }

    private static final OfShort buf_index$LAYOUT = (OfShort) $LAYOUT.select(PathElement.groupElement("buf_index"));
    private static final long buf_index$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("buf_index"));

    public static long buf_index$offset() {
        return buf_index$OFFSET;
    }

    public static short buf_index(MemorySegment struct) {
        return struct.get(buf_index$LAYOUT, buf_index$OFFSET);
    }

    public static void buf_index(MemorySegment struct, short value) {
        struct.set(buf_index$LAYOUT, buf_index$OFFSET, value);
    }

    private static final OfShort personality$LAYOUT = (OfShort) $LAYOUT.select(PathElement.groupElement("personality"));
    private static final long personality$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("personality"));

    public static long personality$offset() {
        return personality$OFFSET;
    }

    public static short personality(MemorySegment struct) {
        return struct.get(personality$LAYOUT, personality$OFFSET);
    }

    public static void personality(MemorySegment struct, short value) {
        struct.set(personality$LAYOUT, personality$OFFSET, value);
    }

    private static final OfInt file_index$LAYOUT = (OfInt) $LAYOUT.select(PathElement.groupElement("file_index"));
    private static final long file_index$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("file_index"));

    public static long file_index$offset() {
        return file_index$OFFSET;
    }

    public static int file_index(MemorySegment struct) {
        return struct.get(file_index$LAYOUT, file_index$OFFSET);
    }

    public static void file_index(MemorySegment struct, int value) {
        struct.set(file_index$LAYOUT, file_index$OFFSET, value);
    }

    private static final OfLong addr3$LAYOUT = (OfLong) $LAYOUT.select(PathElement.groupElement("addr3"));
    private static final long addr3$OFFSET = $LAYOUT.byteOffset(PathElement.groupElement("addr3"));

    public static long addr3$offset() {
        return addr3$OFFSET;
    }

    public static long addr3(MemorySegment struct) {
        return struct.get(addr3$LAYOUT, addr3$OFFSET);
    }

    public static void addr3(MemorySegment struct, long value) {
        struct.set(addr3$LAYOUT, addr3$OFFSET, value);
    }
}
