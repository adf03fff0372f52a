/**
 * The OCI registry backend: HTTP range reads of blobs ({@link dev.swiftlet.fetch.registry.RegistryBackend}), the
 * registry's auth flows ({@link dev.swiftlet.fetch.registry.RegistryAuth}), and the routes a request may take:
 * straight to the registry, through a Dragonfly dfdaemon proxy with fallback, or through mirrors
 * ({@link dev.swiftlet.fetch.registry.Routes}). One JDK {@code HttpClient} per route keeps HTTP/1.1 connections alive.
 */
package dev.swiftlet.fetch.registry;
