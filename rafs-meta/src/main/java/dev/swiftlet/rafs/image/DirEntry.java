package dev.swiftlet.rafs.image;

/** A name in a directory, its inode number and the file type from the dirent. */
public record DirEntry(String name, long nid, int fileType) {}
