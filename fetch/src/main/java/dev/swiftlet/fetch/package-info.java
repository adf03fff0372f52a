/**
 * Where a blob's bytes come from and how they are checked: the {@link dev.swiftlet.fetch.Backend} interface with
 * local files ({@code fetch.backend}) and OCI registries, reached directly, through a Dragonfly proxy or through
 * mirrors ({@code fetch.registry}); the planning of backend requests for a READ, the retry loop and the aligned
 * buffer pool ({@code fetch.plan}); verification failures ({@code fetch.verify}); and OCI images: references, Nydus
 * manifests, pulling a bootstrap, converting images ({@code fetch.oci}). This module knows blobs, chunk tables and
 * images; never cache files, the kernel or native code.
 */
package dev.swiftlet.fetch;
