/**
 * BLAKE3 through the reference C library (bundled at build time from Debian's packaged sources, loaded with
 * Panama): chunk digests at native speed, with a self-test before first use. Callers fall back to a Java
 * implementation when {@link dev.swiftlet.sys.blake3.NativeBlake3#load()} finds none.
 */
package dev.swiftlet.sys.blake3;
