package dev.sessionlog.store.index;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.sessionlog.SessionId;
import dev.sessionlog.store.log.Positions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The position index keeps each session's first positions in its row and the rest in an array of
 * its own: it must answer exactly what a plain list of positions per session answers, on both sides
 * of that boundary, and a reader must never see a position change below the size it read.
 */
class PositionIndexTest {
    private final PositionIndex index = new PositionIndex();
    /** What the index must hold: each session's positions as a list, and which were deleted. */
    private final Map<SessionId, List<Long>> expected = new HashMap<>();
    private final Set<SessionId> deleted = new HashSet<>();

    @Test
    void positions_are_what_a_list_per_session_holds_on_both_sides_of_the_inline_ones() {
        Random random = new Random(23);
        List<SessionId> sessions = new ArrayList<>();
        for (int s = 0; s < 60; s++) {
            sessions.add(SessionId.of(s % 2 == 0 ? String.format("6f1c2a4e-8b0d-4c53-9a61-%012d", s) : "s-" + s));
        }
        for (long record = 0; record < 3_000; record++) {
            SessionId session = sessions.get(random.nextInt(sessions.size()));
            List<Long> positions = expected.computeIfAbsent(session, s -> new ArrayList<>());
            int pick = random.nextInt(20);
            long first = pick == 0 ? Math.max(1, positions.size() - random.nextInt(3)) // a repeat: skipped
                    : positions.size() + 1 + (pick == 1 ? random.nextInt(6) : 0);  // sometimes after a gap
            int count = 1 + random.nextInt(pick == 2 ? 30 : 3);
            boolean deletes = random.nextInt(200) == 0;
            boolean accepted = first > positions.size();
            assertEquals(accepted, index.addRecord(session, first, count, deletes, record));
            if (accepted) {
                while (positions.size() + 1 < first) {
                    positions.add(Positions.ABSENT);
                }
                for (int slot = 0; slot < count; slot++) {
                    positions.add(Positions.of(record, slot));
                }
                if (deletes) {
                    deleted.add(session);
                }
            }
            if (positions.isEmpty()) {
                expected.remove(session);
            }
        }
        assertMatches(random);

        SessionId removed = expected.keySet().iterator().next();
        index.remove(removed);
        expected.remove(removed);
        assertEquals(Optional.empty(), index.session(removed));
        assertMatches(random);
    }

    private void assertMatches(Random random) {
        assertEquals(expected.keySet(), index.sessions().keySet());
        long events = 0;
        for (Map.Entry<SessionId, List<Long>> entry : expected.entrySet()) {
            List<Long> positions = entry.getValue();
            SessionPositions actual = index.session(entry.getKey()).orElseThrow();
            assertEquals(actual, index.sessions().get(entry.getKey()));
            assertEquals(positions.size(), actual.size());
            assertEquals(deleted.contains(entry.getKey()), actual.deleted());
            for (int sequence = 0; sequence <= positions.size() + 1; sequence++) {
                long position = sequence >= 1 && sequence <= positions.size() ? positions.get(sequence - 1)
                        : Positions.ABSENT;
                assertEquals(position, actual.position(sequence), entry.getKey() + " sequence " + sequence);
            }
            for (int i = 0; i < 20; i++) {
                long from = random.nextInt(positions.size() + 3) - 1;
                int count = random.nextInt(positions.size() + 3) - 1;
                assertArrayEquals(range(positions, from, count), actual.range(from, count),
                        entry.getKey() + " from " + from + " count " + count);
            }
            events += positions.size();
        }
        assertEquals(events, index.snapshot().events());
        assertEquals(events, index.events());
    }

    private static long[] range(List<Long> positions, long from, int count) {
        if (from < 1 || from > positions.size() || count <= 0) {
            return new long[0];
        }
        return positions.subList((int) from - 1, (int) Math.min(positions.size(), from - 1 + count)).stream()
                .mapToLong(Long::longValue).toArray();
    }

    @Test
    void a_reader_never_sees_a_position_below_the_size_it_read_change_or_go_missing() throws Exception {
        SessionId session = SessionId.of("growing");
        int records = 200_000;
        AtomicReference<String> wrong = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            while (wrong.get() == null) {
                Optional<SessionPositions> positions = index.session(session);
                if (positions.isEmpty()) {
                    continue;
                }
                int size = positions.get().size();
                int from = Math.max(1, size - 9); // the newest ten, where the writer is
                long[] read = positions.get().range(from, 10);
                if (read.length != size - from + 1) {
                    wrong.set("read " + read.length + " positions from " + from + " at size " + size);
                }
                for (int i = 0; i < read.length; i++) {
                    if (read[i] != Positions.of(from - 1 + i, 0)) {
                        wrong.set("sequence " + (from + i) + " read as " + read[i] + " at size " + size);
                    }
                }
                if (size > 0 && positions.get().position(size) != Positions.of(size - 1, 0)) {
                    wrong.set("the last position at size " + size + " is " + positions.get().position(size));
                }
                if (size == records) {
                    return;
                }
            }
        });
        reader.start();
        for (int record = 0; record < records && wrong.get() == null; record++) {
            index.addRecord(session, record + 1, 1, false, record);
        }
        reader.join();
        assertNull(wrong.get());
        assertEquals(records, index.session(session).orElseThrow().size());
    }
}
