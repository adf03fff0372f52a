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
        return registryConfig(ref, creds, plainHttp, null, List.of());
    }

    /** The registry config of {@code ref} with {@code --creds} (USER:PASSWORD), reached through a proxy or mirrors. */
    static RegistryConfig registryConfig(
            ImageReference ref,
            String creds,
            boolean plainHttp,
            RegistryConfig.Proxy proxy,
            List<RegistryConfig.Mirror> mirrors) {
        return new RegistryConfig(
                plainHttp ? "http" : ref.defaultScheme(),
                ref.host(),
                ref.repository(),
                basicAuth(creds),
                null,
                false,
                List.of(),
                "",
                "",
                null,
                null,
                proxy,
                mirrors);
    }

    /** {@code --creds} as a registry backend's {@code auth} (base64 of USER:PASSWORD), or null without. */
    static String basicAuth(String creds) {
        return creds == null || creds.isEmpty()
                ? null
                : Base64.getEncoder().encodeToString(creds.getBytes(StandardCharsets.UTF_8));
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
