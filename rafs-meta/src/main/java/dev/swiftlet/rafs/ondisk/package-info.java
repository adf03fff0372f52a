/**
 * One class per on-disk structure of EROFS and RAFS v6, with its size and offsets, shared by the reader
 * and (later) the builder. Reads go through {@link dev.swiftlet.rafs.ondisk.ImageBytes}, which turns
 * every out-of-bounds access into a FormatException naming the offset.
 */
package dev.swiftlet.rafs.ondisk;
