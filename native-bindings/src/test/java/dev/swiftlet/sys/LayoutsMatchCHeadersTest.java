package dev.swiftlet.sys;

import static org.assertj.core.api.Assertions.assertThat;

import dev.swiftlet.sys.raw.*;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hand-written bindings cannot drift from the ABI unnoticed: a C program compiled with gcc against
 * the real headers prints the size and every field offset of each bound struct and the value of every
 * bound constant, and this test compares them with the Java layouts. Both lists are driven from the Java
 * side (reflection over the raw header classes), so a new binding is checked as soon as it exists.
 *
 * <p>The installed uapi headers here are Linux 6.1; the 6.14+ pre-content values (FAN_PRE_ACCESS, the
 * range info record, FAN_DENY_ERRNO...) are missing there. For those the C program falls back to
 * definitions written from the mainline header, and prints them marked "hand-defined": on newer headers
 * the real definitions are used and compared.
 */
class LayoutsMatchCHeadersTest {
    /** Java class -> the C struct it binds. */
    private static final Map<Class<?>, String> STRUCTS = new LinkedHashMap<>();

    static {
        for (Class<?> c : List.of(
                cachefiles_msg.class,
                cachefiles_open.class,
                cachefiles_read.class,
                fanotify_event_metadata.class,
                fanotify_event_info_header.class,
                fanotify_event_info_range.class,
                fanotify_response.class,
                pollfd.class,
                iovec.class,
                msghdr.class,
                cmsghdr.class,
                rlimit.class,
                io_uring_params.class,
                io_sqring_offsets.class,
                io_cqring_offsets.class,
                io_uring_sqe.class,
                io_uring_cqe.class,
                ublksrv_ctrl_cmd.class,
                ublksrv_ctrl_dev_info.class,
                ublksrv_io_desc.class,
                ublksrv_io_cmd.class,
                ublk_param_basic.class)) {
            STRUCTS.put(c, "struct " + c.getSimpleName());
        }
    }

    private static final List<Class<?>> HEADERS =
            List.of(Libc.class, Cachefiles.class, Fanotify.class, Mount.class, IoUring.class, Ublk.class);

    private static final String PRELUDE = """
            #define _GNU_SOURCE
            #include <stdio.h>
            #include <stddef.h>
            #include <errno.h>
            #include <fcntl.h>
            #include <poll.h>
            #include <unistd.h>
            #include <sys/ioctl.h>
            #include <sys/mount.h>
            #include <sys/resource.h>
            #include <sys/socket.h>
            #include <sys/uio.h>
            #include <sys/fanotify.h>
            #include <sys/mman.h>
            #include <sys/eventfd.h>
            #include <sys/syscall.h>
            #include <linux/io_uring.h>
            #include <linux/ublk_cmd.h>
            #include <linux/falloc.h>
            #include <linux/cachefiles.h>
            #define HAND(x) printf("H %s\\n", #x)
            /* Linux 6.14+ values absent from older uapi headers: written from mainline include/uapi/linux/fanotify.h */
            #ifndef FAN_PRE_ACCESS
            #define FAN_PRE_ACCESS 0x00100000
            #define PRE_ACCESS_HAND 1
            #endif
            #ifndef FAN_EVENT_INFO_TYPE_RANGE
            #define FAN_EVENT_INFO_TYPE_RANGE 6
            struct fanotify_event_info_range { struct fanotify_event_info_header hdr; __u32 pad; __u64 offset; __u64 count; };
            #define RANGE_HAND 1
            #endif
            #ifndef FAN_REPORT_FD_ERROR
            #define FAN_REPORT_FD_ERROR 0x00002000
            #define FD_ERROR_HAND 1
            #endif
            #ifndef FAN_ERRNO_BITS
            #define FAN_ERRNO_BITS 8
            #define FAN_ERRNO_SHIFT (32 - FAN_ERRNO_BITS)
            #define FAN_ERRNO_MASK ((1 << FAN_ERRNO_BITS) - 1)
            #define FAN_DENY_ERRNO(err) (FAN_DENY | ((((__u32)(err)) & FAN_ERRNO_MASK) << FAN_ERRNO_SHIFT))
            #define ERRNO_HAND 1
            #endif
            int main(void) {
            #ifdef PRE_ACCESS_HAND
              HAND(FAN_PRE_ACCESS);
            #endif
            #ifdef RANGE_HAND
              HAND(fanotify_event_info_range);
            #endif
            #ifdef FD_ERROR_HAND
              HAND(FAN_REPORT_FD_ERROR);
            #endif
            #ifdef ERRNO_HAND
              HAND(FAN_DENY_ERRNO);
            #endif
            """;

    @Test
    void everyStructAndConstantMatchesTheCHeaders(@TempDir Path dir) throws Exception {
        StringBuilder c = new StringBuilder(PRELUDE);
        Map<String, Long> expected = new LinkedHashMap<>();
        for (var e : STRUCTS.entrySet()) {
            GroupLayout layout = (GroupLayout) e.getKey().getMethod("layout").invoke(null);
            String cType = e.getValue();
            c.append("  printf(\"%s %ld\\n\", \"sizeof ")
                    .append(cType)
                    .append("\", (long) sizeof(")
                    .append(cType)
                    .append("));\n");
            expected.put("sizeof " + cType, layout.byteSize());
            for (MemoryLayout m : layout.memberLayouts()) {
                if (m.name().isEmpty()) continue; // padding
                String f = m.name().get();
                String key = "offsetof " + cType + "." + f;
                c.append("  printf(\"%s %ld\\n\", \"")
                        .append(key)
                        .append("\", (long) offsetof(")
                        .append(cType)
                        .append(", ")
                        .append(f)
                        .append("));\n");
                expected.put(key, layout.byteOffset(MemoryLayout.PathElement.groupElement(f)));
                // every field has a getter/offset accessor in jextract's shape
                e.getKey().getMethod(f + "$offset");
            }
        }
        for (Class<?> h : HEADERS) {
            for (Method m : h.getDeclaredMethods()) {
                if (!Modifier.isPublic(m.getModifiers()) || m.getParameterCount() != 0) continue;
                if (!m.getName().matches("[A-Z][A-Z0-9_]+")) continue;
                long v = ((Number) m.invoke(null)).longValue();
                c.append("  printf(\"%s %lld\\n\", \"")
                        .append(m.getName())
                        .append("\", (long long) (")
                        .append(m.getName())
                        .append("));\n");
                expected.put(m.getName(), v);
            }
        }
        c.append("  printf(\"%s %lld\\n\", \"FAN_DENY_ERRNO(EIO)\", (long long) (__u32) FAN_DENY_ERRNO(EIO));\n");
        expected.put("FAN_DENY_ERRNO(EIO)", Integer.toUnsignedLong(Fanotify.FAN_DENY_ERRNO(5)));
        c.append("  return 0;\n}\n");

        Path src = dir.resolve("layouts.c");
        Files.writeString(src, c);
        Path exe = dir.resolve("layouts");
        run(List.of("gcc", "-Wall", "-Werror", "-o", exe.toString(), src.toString()), dir);
        List<String> out = run(List.of(exe.toString()), dir);

        Map<String, Long> actual = new LinkedHashMap<>();
        List<String> handDefined = new ArrayList<>();
        for (String line : out) {
            if (line.startsWith("H ")) {
                handDefined.add(line.substring(2));
                continue;
            }
            int sp = line.lastIndexOf(' ');
            actual.put(line.substring(0, sp), Long.parseLong(line.substring(sp + 1)));
        }
        if (!handDefined.isEmpty()) {
            System.out.println("LayoutsMatchCHeadersTest: installed headers lack " + handDefined
                    + "; compared against hand-defined mainline values");
        }
        assertThat(expected.size()).as("bindings checked").isGreaterThan(100);
        assertThat(actual).containsExactlyInAnyOrderEntriesOf(expected);
    }

    private static List<String> run(List<String> cmd, Path dir) throws Exception {
        Process p = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("%s failed:\n%s", cmd, output).isZero();
        return output.lines().toList();
    }
}
