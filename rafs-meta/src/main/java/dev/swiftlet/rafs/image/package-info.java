/**
 * Reading images: {@link dev.swiftlet.rafs.image.RafsImage} (bootstrap: superblocks, devices, blob
 * table, chunk tables: what the daemon serves from), {@link dev.swiftlet.rafs.image.ChunkTable} (per-blob
 * chunk index searched on every kernel READ), {@link dev.swiftlet.rafs.image.RafsTree} (inodes, directories,
 * xattrs, data layouts: what the image tools walk) and {@link dev.swiftlet.rafs.image.ImageDataReader}
 * (file and blob contents in userspace, digests verified).
 */
package dev.swiftlet.rafs.image;
