package dev.swiftlet.daemon.images;

import dev.swiftlet.fetch.Backend;
import dev.swiftlet.fetch.backend.FileBackend;
import dev.swiftlet.rafs.PlainName;
import dev.swiftlet.rafs.image.BlobInfo;
import dev.swiftlet.rafs.image.RafsImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The images the daemon serves. Keys follow nydusd: {@code <domain>/<id>} for a bootstrap,
 * {@code <domain>/<blobId>} for a blob; an image without a domain id is its own domain. Lookups accept
 * either the domain or, for images without one, the fsid (cachefiles cookies carry the volume name,
 * which is the domain id when set and the fsid otherwise). Thread-safe; registration is serialised.
 */
public final class ImageTable implements AutoCloseable {
    private final java.util.List<java.util.function.Consumer<ImageEntry>> releaseListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();
    private static final System.Logger LOG = System.getLogger(ImageTable.class.getName());

    private final Map<String, ImageEntry> images = new LinkedHashMap<>();
    private final Map<String, BlobEntry> blobs = new HashMap<>();
    private final BackendPool backends = new BackendPool();

    /**
     * Validates the spec, parses the bootstrap and references every blob of the image (opening shared
     * blobs of the domain only once). Registering the same key twice is refused. The slow parts (reading the
     * bootstrap, asking the backend for the size of blobs not registered yet) run before the lock is taken, so
     * a bind that waits on a slow registry never holds up lookups of images already served.
     */
    public ImageEntry register(ImageSpec spec) throws ImageTableException {
        String key = check(spec);
        RafsImage image;
        try {
            image = RafsImage.openTables(spec.bootstrap()); // the kernel reads the tree from the file
        } catch (IOException e) {
            throw ImageTableException.invalid(
                    "bootstrap " + spec.bootstrap() + " cannot be read: " + e.getMessage(), e);
        }
        // named once, here: an untagged device's name may come from listing the blob directory
        List<String> blobIds = new ArrayList<>();
        Map<String, Long> sizes = new HashMap<>();
        try {
            for (BlobInfo info : image.blobs()) {
                String blobId = blobName(spec, image, info);
                blobIds.add(blobId);
                if (blob(spec.domain(), blobId).isPresent()) continue;
                sizes.put(blobId, BlobEntry.sizeOf(info, blobId, backends.get(spec.backend())));
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof ImageTableException re) throw re;
            throw ImageTableException.invalid("image " + key + ": " + e.getMessage(), e);
        }
        return register(key, spec, image, blobIds, sizes);
    }

    /** @param blobIds the names of the image's blobs, in device-table order */
    private synchronized ImageEntry register(
            String key, ImageSpec spec, RafsImage image, List<String> blobIds, Map<String, Long> sizes)
            throws ImageTableException {
        if (images.containsKey(key)) throw ImageTableException.invalid("image " + key + " is already registered");
        List<BlobEntry> entries = new ArrayList<>();
        List<BlobEntry> created = new ArrayList<>();
        try {
            for (int i = 0; i < blobIds.size(); i++) {
                BlobInfo info = image.blobs().get(i);
                String blobId = blobIds.get(i);
                String blobKey = spec.domain() + "/" + blobId;
                BlobEntry entry = blobs.get(blobKey);
                if (entry == null) {
                    Backend backend = backends.get(spec.backend());
                    // released by another image since the size was asked for: ask again
                    Long size = sizes.get(blobId);
                    entry = new BlobEntry(
                            spec.domain(),
                            blobId,
                            info,
                            image,
                            backend,
                            size != null ? size : BlobEntry.sizeOf(info, blobId, backend));
                    created.add(entry);
                    blobs.put(blobKey, entry);
                }
                entries.add(entry);
            }
        } catch (IOException | RuntimeException e) {
            for (BlobEntry c : created) blobs.remove(c.key());
            if (e instanceof ImageTableException re) throw re;
            throw ImageTableException.invalid("image " + key + ": " + e.getMessage(), e);
        }
        entries.forEach(BlobEntry::retain);
        ImageEntry entry = new ImageEntry(key, spec, image, List.copyOf(entries));
        images.put(key, entry);
        LOG.log(
                System.Logger.Level.INFO,
                "registered image {0} ({1}, {2} blobs) from {3}",
                key,
                image.kind(),
                entries.size(),
                spec.bootstrap());
        return entry;
    }

    /** The checks that need no parsing; returns the image's key. */
    private static String check(ImageSpec spec) throws ImageTableException {
        checkName("id", spec.id(), false);
        checkName("domain_id", spec.domainId(), true);
        String key = spec.domain() + "/" + spec.id();
        if (!Files.isRegularFile(spec.bootstrap(), LinkOption.NOFOLLOW_LINKS)
                && !Files.isRegularFile(spec.bootstrap())) {
            throw ImageTableException.invalid("bootstrap " + spec.bootstrap() + " is not a regular file");
        }
        if (spec.backend() == null) throw ImageTableException.invalid("image " + key + " names no backend");
        if (spec.backend() instanceof FileBackend.Config c && c.dir() != null && !Files.isDirectory(c.dir())) {
            throw ImageTableException.invalid("blob directory " + c.dir() + " is not a directory");
        }
        return key;
    }

    /** The image with fsid {@code fsid} in {@code domainOrFsid}. */
    public synchronized Optional<ImageEntry> bootstrap(String domainOrFsid, String fsid) {
        return Optional.ofNullable(images.get(domainOrFsid + "/" + fsid));
    }

    /** The blob {@code blobId} of {@code domainOrFsid}. */
    public synchronized Optional<BlobEntry> blob(String domainOrFsid, String blobId) {
        return Optional.ofNullable(blobs.get(domainOrFsid + "/" + blobId));
    }

    /**
     * Releases the image {@code id} of {@code domain} (empty: its own domain); blobs no other image of the
     * domain references are dropped and their caches closed. Returns the released entry.
     */
    public synchronized ImageEntry release(String domain, String id) throws ImageTableException {
        String d = domain == null || domain.isEmpty() ? id : domain;
        ImageEntry entry = images.remove(d + "/" + id);
        if (entry == null) throw ImageTableException.notFound(d + "/" + id);
        for (BlobEntry b : entry.blobs()) {
            if (b.release()) blobs.remove(b.key());
        }
        LOG.log(System.Logger.Level.INFO, "released image {0}", entry.key());
        for (var l : releaseListeners) l.accept(entry);
        return entry;
    }

    /**
     * Runs {@code listener} after each release (under this table's lock: it must not call back into the table), with
     * the released entry; its blobs whose {@link BlobEntry#references()} is 0 were dropped with it. A front end that
     * holds kernel objects per image or blob (ublk devices) frees them there.
     */
    public void addReleaseListener(java.util.function.Consumer<ImageEntry> listener) {
        releaseListeners.add(listener);
    }

    /** Every registered image, in registration order. */
    public synchronized List<ImageEntry> list() {
        return List.copyOf(images.values());
    }

    @Override
    public synchronized void close() {
        for (ImageEntry e : List.copyOf(images.values())) {
            try {
                release(e.spec().domainId(), e.id());
            } catch (ImageTableException ignored) {
                // listed above, so present
            }
        }
        backends.close();
    }

    /** Ids become path components and mount options: each must be a {@link PlainName}. */
    static void checkName(String what, String value, boolean emptyAllowed) throws ImageTableException {
        if (value == null || value.isEmpty()) {
            if (emptyAllowed) return;
            throw ImageTableException.invalid(what + " must not be empty");
        }
        try {
            PlainName.check(what, value);
        } catch (IllegalArgumentException e) {
            throw ImageTableException.invalid(e.getMessage());
        }
    }

    private static String blobName(ImageSpec spec, RafsImage image, BlobInfo info) throws ImageTableException {
        if (!info.id().isEmpty()) return info.id();
        if (info.index() < spec.deviceNames().size()) {
            String name = spec.deviceNames().get(info.index());
            // a device name is a file name in the blob directory, a cache-file name and a device= mount option
            checkName("device name", name, false);
            return name;
        }
        String only = spec.deviceNames().isEmpty() && image.blobs().size() == 1 ? onlyFile(spec.blobDir()) : null;
        if (only != null) return only;
        throw ImageTableException.invalid("device " + (info.index() + 1) + " of " + spec.bootstrap()
                + " has no tag: name its file in the blob directory (device names)");
    }

    /**
     * The one regular file in {@code dir}, or null when there is no directory, none or more than one: an image with
     * a single untagged device (mkfs.erofs --blobdev) and a blob directory holding a single file needs no device name.
     */
    private static String onlyFile(java.nio.file.Path dir) throws ImageTableException {
        if (dir == null) return null;
        try (var files = Files.list(dir)) {
            List<String> names = files.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))
                    .map(f -> f.getFileName().toString())
                    .limit(2)
                    .toList();
            return names.size() == 1 ? names.getFirst() : null;
        } catch (IOException e) {
            throw ImageTableException.invalid("blob directory " + dir + " cannot be listed: " + e.getMessage(), e);
        }
    }
}
