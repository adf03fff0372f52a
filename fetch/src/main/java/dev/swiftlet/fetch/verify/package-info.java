/** Failures of chunk verification: the checks themselves live in {@code rafs.codec.Digests}. */
package dev.swiftlet.fetch.verify;
