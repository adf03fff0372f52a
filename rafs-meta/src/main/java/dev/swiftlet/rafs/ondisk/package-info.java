/**
 * One class per on-disk structure of EROFS and RAFS v6 (and the tar header the builder's tar source reads), with its
 * size and offsets, shared by the reader ({@code rafs.image}) and the builder ({@code rafs.build}). Reads go through
 * {@link dev.swiftlet.rafs.ondisk.ImageBytes}, which turns every out-of-bounds access into a FormatException naming
 * the offset.
 */
package dev.swiftlet.rafs.ondisk;
