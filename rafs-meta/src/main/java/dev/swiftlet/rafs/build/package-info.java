/**
 * Building RAFS v6 images from a directory or a tar: {@link dev.swiftlet.rafs.build.ImageBuilder} chunks,
 * deduplicates, compresses and digests file data into one native data blob and writes the bootstrap.
 */
package dev.swiftlet.rafs.build;
