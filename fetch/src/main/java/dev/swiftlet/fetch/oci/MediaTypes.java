package dev.swiftlet.fetch.oci;

/**
 * The media types and annotations an image conversion reads and writes: OCI and Docker schema 2 manifests and
 * indexes, tar layers (plain, gzip, zstd), and what nydusify and nydus-snapshotter use for Nydus images
 * (nydus-snapshotter {@code pkg/converter/constant.go}).
 */
public final class MediaTypes {
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    public static final String DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    /** What to send as {@code Accept} when an index or a manifest may come back. */
    public static final String ACCEPT_ANY = String.join(", ", OCI_MANIFEST, OCI_INDEX, DOCKER_MANIFEST, DOCKER_LIST);

    public static final String NYDUS_BLOB = "application/vnd.oci.image.layer.nydus.blob.v1";
    public static final String ANNOTATION_NYDUS_BLOB = "containerd.io/snapshot/nydus-blob";
    public static final String ANNOTATION_NYDUS_BOOTSTRAP = "containerd.io/snapshot/nydus-bootstrap";
    public static final String ANNOTATION_FS_VERSION = "containerd.io/snapshot/nydus-fs-version";
    public static final String REF_NAME = "org.opencontainers.image.ref.name";

    /** How a layer's tar is compressed. */
    public enum LayerCompression {
        NONE,
        GZIP,
        ZSTD
    }

    private MediaTypes() {}

    /** The compression of a tar layer of this media type, or null when it is not a tar layer this tool reads. */
    public static LayerCompression tarLayer(String mediaType) {
        return switch (mediaType) {
            case "application/vnd.oci.image.layer.v1.tar",
                    "application/vnd.oci.image.layer.nondistributable.v1.tar",
                    "application/vnd.docker.image.rootfs.diff.tar" -> LayerCompression.NONE;
            case "application/vnd.oci.image.layer.v1.tar+gzip",
                    "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip",
                    "application/vnd.docker.image.rootfs.diff.tar.gzip",
                    "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip" -> LayerCompression.GZIP;
            case "application/vnd.oci.image.layer.v1.tar+zstd",
                    "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd" -> LayerCompression.ZSTD;
            default -> null;
        };
    }
}
