/**
 * Reading images: {@link dev.swiftlet.rafs.image.RafsImage} (bootstrap: superblocks, devices, blob
 * table, inodes, directories, xattrs, data layouts), {@link dev.swiftlet.rafs.image.ChunkTable} (per-blob
 * chunk index searched on every kernel READ) and {@link dev.swiftlet.rafs.image.ImageDataReader}
 * (file and blob contents in userspace, digests verified).
 */
package dev.swiftlet.rafs.image;
