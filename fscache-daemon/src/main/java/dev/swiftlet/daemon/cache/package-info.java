/**
 * The local, uncompressed copies of blobs: {@link dev.swiftlet.daemon.cache.FileBlobCache} fills a blob's cache
 * file chunk by chunk (plan, claim, fetch, verify, write, mark ready), {@link dev.swiftlet.daemon.cache.ChunkStates}
 * says which chunks are present or in flight, and {@link dev.swiftlet.daemon.cache.Prefetcher} fills a whole blob in
 * the background. The front ends decide how bytes reach the file ({@link dev.swiftlet.daemon.cache.CacheWriter}).
 */
package dev.swiftlet.daemon.cache;
