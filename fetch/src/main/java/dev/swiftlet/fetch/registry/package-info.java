/**
 * The OCI registry backend: HTTP range reads of blobs ({@link dev.swiftlet.fetch.registry.RegistryBackend}), the
 * registry's auth flows ({@link dev.swiftlet.fetch.registry.RegistryAuth}), and the routes a request may take:
 * straight to the registry, through a Dragonfly dfdaemon proxy with fallback, or through mirrors
 * ({@link dev.swiftlet.fetch.registry.Routes}). One JDK {@code HttpClient} per route and URL scheme keeps HTTP/1.1
 * connections alive, each built on first use so that TLS is set up only for https
 * ({@link dev.swiftlet.fetch.registry.SchemeClients}); a registry configured for https that does not speak TLS is
 * spoken to over http when {@code skip_verify} allows it ({@link dev.swiftlet.fetch.registry.PlainHttpFallback}).
 * Copying whole images in and out (manifests, whole blobs, uploads, cross-repository mounts, manifest PUT) is
 * {@link dev.swiftlet.fetch.registry.DistributionClient}'s, with the same auth.
 */
package dev.swiftlet.fetch.registry;
