package dev.swiftlet.daemon.frontend.fanotify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InFlightJournalTest {
    @TempDir
    Path dir;

    @Test
    void aSuccessorSeesExactlyTheUnansweredEvents() throws Exception {
        try (InFlightJournal j = InFlightJournal.open(dir)) {
            j.startFresh();
            int a = j.record(44, "blobs/d/aaa", 16 << 20, 131072);
            int b = j.record(45, "blobs/d/bbb", 0, -1);
            int c = j.record(46, "blobs/d/ccc", 4096, 4096);
            j.clear(b); // answered
            assertThat(a).isNotEqualTo(c);
        }
        // what a SIGKILLed daemon leaves is what it wrote into the mapping: a fresh open reads it back
        try (InFlightJournal successor = InFlightJournal.open(dir)) {
            assertThat(successor.pending())
                    .extracting(
                            InFlightJournal.Entry::fd,
                            InFlightJournal.Entry::path,
                            InFlightJournal.Entry::offset,
                            InFlightJournal.Entry::count)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple(44, "blobs/d/aaa", 16L << 20, 131072L),
                            org.assertj.core.groups.Tuple.tuple(46, "blobs/d/ccc", 4096L, 4096L));
            successor.startFresh();
            assertThat(successor.pending()).isEmpty();
        }
        assertThat(Files.size(dir.resolve(InFlightJournal.FILE_NAME)))
                .isEqualTo((long) InFlightJournal.SLOT * InFlightJournal.SLOTS);
    }

    @Test
    void anEventJournaledBeforeItsFileIsKnownComesBackWithoutAPath() throws Exception {
        try (InFlightJournal j = InFlightJournal.open(dir)) {
            j.startFresh();
            int early = j.record(50, 1 << 20, 65536); // the daemon died before resolving the file
            int resolved = j.record(51, 0, 4096);
            assertThat(j.setPath(resolved, "blobs/d/eee")).isTrue();
            assertThat(j.setPath(early, "x".repeat(InFlightJournal.SLOT)))
                    .as("a path too long for a slot")
                    .isFalse();
        }
        try (InFlightJournal successor = InFlightJournal.open(dir)) {
            assertThat(successor.pending())
                    .extracting(InFlightJournal.Entry::fd, InFlightJournal.Entry::path, InFlightJournal.Entry::offset)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple(50, "", 1L << 20),
                            org.assertj.core.groups.Tuple.tuple(51, "blobs/d/eee", 0L));
        }
    }

    @Test
    void noSlotIsFreeBeforeStartFreshAndAFullJournalSaysSo() throws Exception {
        try (InFlightJournal j = InFlightJournal.open(dir)) {
            assertThat(j.record(7, "p", 0, 1))
                    .as("slots are free only once the predecessor's events are handled")
                    .isEqualTo(-1);
            j.startFresh();
            for (int i = 0; i < InFlightJournal.SLOTS; i++)
                assertThat(j.record(i, "p", i, 1)).isNotNegative();
            assertThat(j.record(9999, "p", 0, 1)).isEqualTo(-1);
            assertThat(j.pending()).hasSize(InFlightJournal.SLOTS);
            assertThat(j.record(1, "x".repeat(InFlightJournal.SLOT), 0, 1))
                    .as("a path too long for a slot")
                    .isEqualTo(-1);
        }
    }

    @Test
    void aCorruptSlotIsAnErrorNamingIt() throws Exception {
        try (InFlightJournal j = InFlightJournal.open(dir)) {
            j.startFresh();
        }
        try (FileChannel ch = FileChannel.open(dir.resolve(InFlightJournal.FILE_NAME), StandardOpenOption.WRITE)) {
            ByteBuffer slot = ByteBuffer.allocate(8)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .putInt(5)
                    .putInt(100_000)
                    .flip();
            ch.write(slot, 3L * InFlightJournal.SLOT);
        }
        try (InFlightJournal j = InFlightJournal.open(dir)) {
            assertThatThrownBy(j::pending)
                    .hasMessageContaining("slot 3 is corrupt")
                    .hasMessageContaining("path length 100000");
        }
    }
}
