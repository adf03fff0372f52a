/**
 * {@link dev.swiftlet.fetch.Backend} implementations, each with its own {@code Config} record, and
 * {@link dev.swiftlet.fetch.backend.Backends}, which builds one from the nydusd backend JSON.
 */
package dev.swiftlet.fetch.backend;
