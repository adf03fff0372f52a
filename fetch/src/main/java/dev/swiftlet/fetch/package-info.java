/**
 * Where a blob's bytes come from: the {@link dev.swiftlet.fetch.Backend} interface (local files, OCI registry,
 * Dragonfly proxy in {@code fetch.backend}), the planning of backend requests for a READ ({@code fetch.plan}), and
 * verification ({@code fetch.verify}). This module knows blobs and chunk tables, never cache files or the kernel.
 */
package dev.swiftlet.fetch;
