package dev.swiftlet.daemon.images;

import dev.swiftlet.rafs.image.RafsImage;
import java.util.List;

/**
 * A registered image: its parsed bootstrap and its blobs in device-table order (EROFS device id =
 * index + 1), which is also the order of the {@code device=} mount options.
 *
 * @param key {@code <domain>/<id>}, the nydusd key of the bootstrap entry
 */
public record ImageEntry(String key, ImageSpec spec, RafsImage image, List<BlobEntry> blobs) {
    public String id() {
        return spec.id();
    }

    public String domain() {
        return spec.domain();
    }
}
