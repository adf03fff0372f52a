/**
 * OCI images: references, Nydus manifests (which layer holds the bootstrap, which are data blobs) and pulling a
 * Nydus image's bootstrap for a mount ({@link dev.swiftlet.fetch.oci.ImagePuller}); and converting ordinary OCI images
 * into Nydus images ({@link dev.swiftlet.fetch.oci.ImageConverter}): sources and targets are registry repositories
 * ({@link dev.swiftlet.fetch.oci.RegistryImage}, over {@link dev.swiftlet.fetch.registry.DistributionClient}) or OCI
 * image layouts ({@link dev.swiftlet.fetch.oci.OciLayout}); the layers' merging and chunking is rafs-meta's
 * {@link dev.swiftlet.rafs.build.LayeredImageBuilder}, the output's shape {@link dev.swiftlet.fetch.oci.NydusImageWriter}'s.
 */
package dev.swiftlet.fetch.oci;
