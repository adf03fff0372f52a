package dev.swiftlet.daemon.frontend;

import dev.swiftlet.daemon.images.BlobEntry;
import dev.swiftlet.daemon.images.ImageEntry;
import dev.swiftlet.rafs.image.BlobInfo;

/**
 * How to mount a registered image: {@code mount(source, mountpoint, "erofs", MS_RDONLY, options)}.
 * cachefiles: {@code ("none", "fsid=<id>[,domain_id=<d>][,device=<blob>…]")}; fanotify: {@code (bootstrap, "device=<cache>,...")}.
 */
public record MountPlan(String source, String options) {
    /** Prepares the kernel side for an image (fanotify: sizes and marks cache files) and says how to mount it. */
    @FunctionalInterface
    public interface Planner {
        MountPlan prepare(ImageEntry image) throws java.io.IOException;

        /**
         * The mount source of a prepared image when it is neither its bootstrap nor "none" (ublk: its block device),
         * for {@code umount} to find the image of a mount; null otherwise.
         */
        default String mountSource(ImageEntry image) {
            return null;
        }
    }

    /**
     * The cachefiles plan: the kernel asks the daemon for the bootstrap and blobs by fsid and domain. A device slot
     * names its blob by its tag; a raw mkfs.erofs image leaves the tags empty, which EROFS in fscache mode refuses
     * ("empty device tag") unless {@code device=} options name every slot (fs/erofs/super.c: with fscache the option
     * is the cookie name of that device, and their count must match the device table). So when any slot is
     * untagged, every slot gets a {@code device=} with the name the image table keeps its blob under (the tag, or the
     * device file's name), and the daemon's OPEN for that cookie finds the blob.
     */
    public static MountPlan cachefiles(ImageEntry image) {
        StringBuilder options = new StringBuilder("fsid=").append(image.id());
        String d = image.spec().domainId();
        if (!d.isEmpty()) options.append(",domain_id=").append(d);
        if (image.image().blobs().stream().map(BlobInfo::id).anyMatch(String::isEmpty)) {
            for (BlobEntry blob : image.blobs()) options.append(",device=").append(blob.blobId());
        }
        return new MountPlan("none", options.toString());
    }
}
