/**
 * Images the daemon serves, keyed as nydusd keys its blob-cache entries: {@code <domain>/<id>} for a
 * bootstrap and {@code <domain>/<blobId>} for each data blob. Blobs shared by images of one domain are
 * reference counted and served from one cache. Used by the front ends (lookups) and the admin API
 * (register, release, list). Named images, not registry, so it is not mistaken for the OCI registries of
 * {@code dev.swiftlet.fetch.registry}.
 */
package dev.swiftlet.daemon.images;
