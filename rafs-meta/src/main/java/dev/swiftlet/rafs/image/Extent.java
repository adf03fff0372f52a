package dev.swiftlet.rafs.image;

/**
 * A piece of a file's data: {@code length} bytes at {@code fileOffset} of the file live at
 * {@code deviceOffset} of device {@code device} (0 = the bootstrap itself, n = blob/device n-1), or
 * nowhere ({@code hole}: zeros).
 */
public record Extent(long fileOffset, long length, int device, long deviceOffset, boolean hole) {}
