package dev.swiftlet.sys.fanotify;

/**
 * One fanotify event. For {@code FAN_PRE_ACCESS} with a range record, {@code offset}/{@code count} say
 * which bytes are about to be read (count 0 and offset -1 when the event carried no range). {@code fd}
 * is the event's own descriptor: write fills through it (any other fd raises events on itself), answer
 * with {@link FanotifyGroup#allow}/{@link FanotifyGroup#deny}, then close it.
 */
public record PreAccessEvent(int fd, int pid, long mask, long offset, long count) {
    public boolean hasRange() {
        return offset >= 0;
    }
}
