/**
 * The daemon's counters ({@link dev.swiftlet.daemon.metrics.DaemonMetrics}, filled by the front ends and the
 * caches, read by the admin API) and their Prometheus text form. Depends on nothing else of the daemon.
 */
package dev.swiftlet.daemon.metrics;
