package dev.swiftlet.daemon.api;

import dev.swiftlet.daemon.images.BlobEntry;
import dev.swiftlet.daemon.images.ImageEntry;
import dev.swiftlet.fetch.RotatableCredentials;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * {@code PUT /api/v1/config}'s {@code registry_auth}: new credentials for the backends of some images, which use them
 * from their next request on, and for those images' saved entries, so a successor that takes over starts with them.
 */
final class RegistryAuthRotation {
    private RegistryAuthRotation() {}

    /** @return how many distinct backends took the credentials (a backend shared by several images counts once) */
    static int rotate(List<ImageEntry> images, String auth, BlobCacheEntries entries) {
        Set<RotatableCredentials> backends = Collections.newSetFromMap(new IdentityHashMap<>());
        for (ImageEntry image : images) {
            for (BlobEntry b : image.blobs()) b.backend().credentials().ifPresent(backends::add);
            entries.replaceAuth(image, auth);
        }
        backends.forEach(c -> c.replaceCredentials(auth));
        return backends.size();
    }
}
