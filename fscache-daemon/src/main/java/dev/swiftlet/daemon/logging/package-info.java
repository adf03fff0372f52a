/**
 * Log set-up shared by the command line and the admin API: nydusd's level names on java.util.logging
 * ({@link dev.swiftlet.daemon.logging.LogLevels}), the one-line format and nydusd's size-rotated log file.
 */
package dev.swiftlet.daemon.logging;
