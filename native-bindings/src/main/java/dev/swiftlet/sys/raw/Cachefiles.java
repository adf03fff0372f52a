// Hand-written in jextract's shape; regenerate with scripts/jextract.sh. Errno is captured (jextract cannot).
package dev.swiftlet.sys.raw;

import static dev.swiftlet.sys.raw.Libc.*;

import java.lang.foreign.*;
import java.lang.foreign.ValueLayout.*;

/**
 * {@code <linux/cachefiles.h>}: the on-demand message opcodes, the message size limit and the
 * READ_COMPLETE ioctl (its argument is the msg_id passed by value, use {@code Libc.ioctl}).
 */
public final class Cachefiles {
    Cachefiles() {}

    public static int CACHEFILES_MSG_MAX_SIZE() {
        return 1024;
    }

    public static int CACHEFILES_OP_OPEN() {
        return 0;
    }

    public static int CACHEFILES_OP_CLOSE() {
        return 1;
    }

    public static int CACHEFILES_OP_READ() {
        return 2;
    }

    public static long CACHEFILES_IOC_READ_COMPLETE() {
        return 0x40049801L;
    }
}
