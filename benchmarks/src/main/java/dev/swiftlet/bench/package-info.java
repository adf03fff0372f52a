/** JMH benchmarks for the daemon's hot paths (the end-to-end harnesses are the scripts in benchmarks/). Nothing depends on this module. */
package dev.swiftlet.bench;
