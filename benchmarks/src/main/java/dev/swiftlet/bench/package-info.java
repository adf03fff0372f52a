/** JMH benchmarks for the daemon's hot paths and drivers of the end-to-end harness. Nothing depends on this module. */
package dev.swiftlet.bench;
