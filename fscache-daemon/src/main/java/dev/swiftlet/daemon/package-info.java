/**
 * The daemon's composition root: {@link dev.swiftlet.daemon.Daemon} builds every object (registry,
 * executors, front end, admin server) from a {@link dev.swiftlet.daemon.DaemonConfig} and owns their
 * lifecycle; {@link dev.swiftlet.daemon.DaemonMetrics} holds the counters, {@link dev.swiftlet.daemon.MountPlan}
 * says how a front end wants an image mounted.
 */
package dev.swiftlet.daemon;
