/** Digest engines the daemon plugs into rafs-meta: the native BLAKE3 from native-bindings. */
package dev.swiftlet.daemon.digest;
