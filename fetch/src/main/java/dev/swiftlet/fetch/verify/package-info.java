/**
 * Failures of chunk verification ({@link dev.swiftlet.fetch.verify.CorruptChunkException}: undecodable, or a digest
 * mismatch); the checks themselves live in {@code rafs.codec.Digests} and the codecs.
 */
package dev.swiftlet.fetch.verify;
