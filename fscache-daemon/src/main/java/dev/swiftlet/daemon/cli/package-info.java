/**
 * picocli commands of the {@code swiftlet} executable, one class per subcommand, registered in
 * {@link dev.swiftlet.daemon.cli.SwiftletCommand}. User commands (daemon, mount, umount, stats) talk to the
 * daemon only through the admin API socket.
 */
package dev.swiftlet.daemon.cli;
