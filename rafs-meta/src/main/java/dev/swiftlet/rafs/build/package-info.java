/**
 * Building RAFS v6 images from a directory or a tar: {@link dev.swiftlet.rafs.build.ImageBuilder} chunks,
 * deduplicates, compresses and digests file data into one native data blob and writes the bootstrap;
 * {@link dev.swiftlet.rafs.build.LayeredImageBuilder} does it for the layers of an OCI image as they stream in (one
 * blob per layer, one merged bootstrap with whiteouts applied), and {@link dev.swiftlet.rafs.build.BootstrapLayer}
 * packs and unpacks the bootstrap's layer. Pure: files and streams in, files out.
 */
package dev.swiftlet.rafs.build;
