/**
 * The daemon's composition root: {@link dev.swiftlet.daemon.Daemon} builds every object (image table,
 * executors, front end, admin server) from a {@link dev.swiftlet.daemon.DaemonConfig} and owns their
 * lifecycle. Nothing else in the module depends on this package: types the parts share live below it
 * ({@code metrics}, {@code frontend}), so the package graph stays free of cycles.
 */
package dev.swiftlet.daemon;
