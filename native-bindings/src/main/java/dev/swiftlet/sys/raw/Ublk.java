// Hand-written in jextract's shape from <linux/ublk_cmd.h>; regenerate with scripts/jextract.sh.
package dev.swiftlet.sys.raw;

/**
 * ublk (userspace block devices): the command opcodes, feature flags, device states and I/O ops Swiftlet uses. The
 * control opcodes are the plain numbers of Linux 6.1 ("legacy" since 6.5, still accepted with
 * {@code CONFIG_BLKDEV_UBLK_LEGACY_OPCODES}, the default): the ioctl-encoded ones do not exist on 6.1. Internal: use
 * {@code dev.swiftlet.sys.ublk} instead.
 */
public final class Ublk {
    Ublk() {}

    public static int UBLK_CMD_GET_DEV_INFO() {
        return 0x02;
    }

    public static int UBLK_CMD_ADD_DEV() {
        return 0x04;
    }

    public static int UBLK_CMD_DEL_DEV() {
        return 0x05;
    }

    public static int UBLK_CMD_START_DEV() {
        return 0x06;
    }

    public static int UBLK_CMD_STOP_DEV() {
        return 0x07;
    }

    public static int UBLK_CMD_SET_PARAMS() {
        return 0x08;
    }

    public static int UBLK_CMD_START_USER_RECOVERY() {
        return 0x10;
    }

    public static int UBLK_CMD_END_USER_RECOVERY() {
        return 0x11;
    }

    public static int UBLK_IO_FETCH_REQ() {
        return 0x20;
    }

    public static int UBLK_IO_COMMIT_AND_FETCH_REQ() {
        return 0x21;
    }

    public static int UBLK_IO_RES_OK() {
        return 0;
    }

    public static long UBLKSRV_CMD_BUF_OFFSET() {
        return 0;
    }

    public static int UBLK_MAX_QUEUE_DEPTH() {
        return 4096;
    }

    public static long UBLK_F_USER_RECOVERY() {
        return 1L << 3;
    }

    public static long UBLK_F_USER_RECOVERY_REISSUE() {
        return 1L << 4;
    }

    public static int UBLK_S_DEV_DEAD() {
        return 0;
    }

    public static int UBLK_S_DEV_LIVE() {
        return 1;
    }

    public static int UBLK_S_DEV_QUIESCED() {
        return 2;
    }

    public static int UBLK_IO_OP_READ() {
        return 0;
    }

    public static int UBLK_IO_OP_WRITE() {
        return 1;
    }

    public static int UBLK_IO_OP_FLUSH() {
        return 2;
    }

    public static int UBLK_ATTR_READ_ONLY() {
        return 1;
    }

    public static int UBLK_PARAM_TYPE_BASIC() {
        return 1;
    }
}
