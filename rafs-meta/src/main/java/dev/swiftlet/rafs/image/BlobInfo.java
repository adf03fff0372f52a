package dev.swiftlet.rafs.image;

import dev.swiftlet.rafs.Compression;
import dev.swiftlet.rafs.DigestAlgorithm;

/**
 * One data blob of an image. For RAFS images it comes from the blob table; for raw (mkfs.erofs) images
 * each device is a blob that is stored uncompressed and identity-mapped ({@code raw == true}).
 *
 * @param id the blob id (64 hex digits for RAFS) or the device tag; the cachefiles cookie key
 * @param index position in the blob/device table; the EROFS device id is {@code index + 1}
 * @param uncompressedSize size of the blob's uncompressed address space: the cache file size; 0 for a raw
 *     device whose slot gives no size (mkfs.erofs --blobdev), whose size is then the device file's
 * @param ciCompressor on-disk compression value of the blob meta's ci array ({@link BlobMeta})
 * @param tocSize bytes of the blob's ToC including its 512-byte tar header, 0 without one
 */
public record BlobInfo(
        String id,
        int index,
        boolean raw,
        Compression compression,
        DigestAlgorithm digestAlgorithm,
        long chunkSize,
        long chunkCount,
        long compressedSize,
        long uncompressedSize,
        long features,
        long ciOffset,
        long ciCompressedSize,
        long ciUncompressedSize,
        int ciCompressor,
        long tocSize) {}
