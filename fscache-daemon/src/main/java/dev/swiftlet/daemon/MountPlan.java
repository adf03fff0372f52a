package dev.swiftlet.daemon;

/**
 * How to mount a registered image: {@code mount(source, mountpoint, "erofs", MS_RDONLY, options)}.
 * cachefiles: {@code ("none", "fsid=<id>[,domain_id=<d>]")}; fanotify: {@code (bootstrap, "device=<cache>,...")}.
 */
public record MountPlan(String source, String options) {
    /** Prepares the kernel side for an image (fanotify: sizes and marks cache files) and says how to mount it. */
    @FunctionalInterface
    public interface Planner {
        MountPlan prepare(dev.swiftlet.daemon.registry.ImageEntry image) throws java.io.IOException;
    }

    /** The cachefiles plan: the kernel asks the daemon for the bootstrap and blobs by fsid and domain. */
    public static MountPlan cachefiles(dev.swiftlet.daemon.registry.ImageEntry image) {
        String d = image.spec().domainId();
        return new MountPlan("none", "fsid=" + image.id() + (d.isEmpty() ? "" : ",domain_id=" + d));
    }
}
