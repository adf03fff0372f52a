/**
 * The fanotify front end (Linux 6.14+): one sparse cache file per blob, marked FAN_PRE_ACCESS before the
 * file-backed EROFS mount; every pre-content event is filled through its own event fd and answered once.
 * {@code FanotifyFrontEnd} is the event loop, {@code ServedFiles} the cache files' lifecycle,
 * {@code FanotifyCacheSpace} their side for the evictor.
 *
 * <p>Crash safety: every failure of a fanotify group fails open (readers get the holes' zeros), so under
 * {@link dev.swiftlet.daemon.frontend.fanotify.GroupKeeper} ({@code swiftlet keeper}) the group, an fd of each
 * cache file opened before its mark, and the registered images ({@code KeptImages}) outlive the daemon; events in
 * flight are journaled ({@code InFlightJournal}) so a successor can fill and answer them by fd number
 * ({@code KeeperRecovery}).
 */
package dev.swiftlet.daemon.frontend.fanotify;
