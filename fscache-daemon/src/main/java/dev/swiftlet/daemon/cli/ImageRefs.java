package dev.swiftlet.daemon.cli;

import dev.swiftlet.fetch.oci.ImageReference;
import dev.swiftlet.fetch.oci.ImageSource;
import dev.swiftlet.fetch.oci.OciLayout;
import dev.swiftlet.fetch.oci.RegistryImage;
import dev.swiftlet.fetch.registry.DistributionClient;
import dev.swiftlet.fetch.registry.RegistryConfig;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * The image names {@code image convert} takes, as skopeo writes them: {@code oci:DIR[:TAG]} for an OCI image layout,
 * {@code docker://REF} or a bare {@code [host[:port]/]repo[:tag|@digest]} for a registry, spoken to as
 * {@code mount --image} does (HTTP for loopback hosts or with {@code --plain-http}, else HTTPS; credentials
 * {@code USER:PASSWORD} for basic auth and token requests).
 */
final class ImageRefs {
    private ImageRefs() {}

    /** An OCI layout, or null when {@code spec} names a registry image. */
    static OciLayout layout(String spec) {
        return spec.startsWith("oci:") ? OciLayout.parse(spec.substring(4)) : null;
    }

    static ImageReference registryRef(String spec) {
        return ImageReference.parse(spec.startsWith("docker://") ? spec.substring("docker://".length()) : spec);
    }

    static RegistryConfig registryConfig(ImageReference ref, String creds, boolean plainHttp) {
        String auth = creds == null || creds.isEmpty()
                ? null
                : Base64.getEncoder().encodeToString(creds.getBytes(StandardCharsets.UTF_8));
        return new RegistryConfig(
                plainHttp ? "http" : ref.defaultScheme(),
                ref.host(),
                ref.repository(),
                auth,
                null,
                false,
                List.of(),
                "",
                "",
                null,
                null,
                null,
                List.of());
    }

    /** The image {@code spec} names, read or written; {@code mountFrom} as {@link RegistryImage} takes it. */
    static RegistryImage registry(String spec, String creds, boolean plainHttp, String mountFrom) {
        ImageReference ref = registryRef(spec);
        return new RegistryImage(
                new DistributionClient(registryConfig(ref, creds, plainHttp)), ref.reference(), mountFrom);
    }

    static ImageSource source(String spec, String creds, boolean plainHttp) {
        OciLayout l = layout(spec);
        return l != null ? l : registry(spec, creds, plainHttp, null);
    }
}
