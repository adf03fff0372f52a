package dev.swiftlet.sys.ublk;

/**
 * What the kernel says of one ublk device ({@code struct ublksrv_ctrl_dev_info}).
 *
 * @param state {@link #LIVE}, {@link #QUIESCED} (its server died and recovery is possible) or {@link #DEAD}
 * @param serverPid the process serving it, or -1
 */
public record UblkDeviceInfo(int devId, int queues, int depth, int maxIoBytes, int state, int serverPid, long flags) {
    public static final int DEAD = 0, LIVE = 1, QUIESCED = 2;

    public String stateName() {
        return switch (state) {
            case DEAD -> "dead";
            case LIVE -> "live";
            case QUIESCED -> "quiesced";
            default -> "state " + state;
        };
    }

    /** The block device readers and mounts use. */
    public String blockDevice() {
        return "/dev/ublkb" + devId;
    }
}
