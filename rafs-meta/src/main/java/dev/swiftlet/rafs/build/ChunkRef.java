package dev.swiftlet.rafs.build;

/**
 * Where one unique chunk lives: blob (index in the new bootstrap's blob table), its index in that blob's
 * chunk info array, and its place in the blob's compressed and uncompressed address spaces.
 */
record ChunkRef(
        int blobIndex,
        int ciIndex,
        long uncompressedOffset,
        int uncompressedSize,
        long compressedOffset,
        int compressedSize,
        boolean compressed,
        byte[] digest,
        long fileOffset) {}
