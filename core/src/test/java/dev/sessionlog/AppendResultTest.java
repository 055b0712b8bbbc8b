package dev.sessionlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sessionlog.AppendResult.Outcome;
import java.util.List;
import org.junit.jupiter.api.Test;

class AppendResultTest {
    private static final SessionId S = SessionId.of("s1");

    @Test
    void the_constructor_without_outcomes_gives_one_per_sequence_of_its_range() {
        AppendResult stored = new AppendResult(S, 3, 5, 42, false);
        assertEquals(List.of(Outcome.stored(3), Outcome.stored(4), Outcome.stored(5)), stored.outcomes());
        assertEquals(new AppendResult(S, 3, 5, 42, false, List.of(Outcome.stored(3), Outcome.stored(4),
                Outcome.stored(5))), stored);
        assertEquals(List.of(Outcome.duplicateOf(7)), new AppendResult(S, 7, 7, 1, true).outcomes());
    }

    @Test
    void a_long_range_costs_no_memory_per_sequence() {
        AppendResult huge = new AppendResult(S, 1, Integer.MAX_VALUE, 0, true);
        assertEquals(Integer.MAX_VALUE, huge.outcomes().size());
        assertEquals(Outcome.duplicateOf(Integer.MAX_VALUE), huge.outcomes().get(Integer.MAX_VALUE - 1));
        assertThrows(IndexOutOfBoundsException.class, () -> huge.outcomes().get(Integer.MAX_VALUE));
    }

    @Test
    void duplicate_means_every_event_was_already_stored() {
        List<Outcome> mixed = List.of(Outcome.stored(4), Outcome.duplicateOf(2));
        assertThrows(IllegalArgumentException.class, () -> new AppendResult(S, 4, 4, 0, true, mixed));
        assertThrows(IllegalArgumentException.class, () -> new AppendResult(S, 2, 2, 0, false,
                List.of(Outcome.duplicateOf(2))));
        assertThrows(IllegalArgumentException.class, () -> new AppendResult(S, 1, 1, 0, false, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new AppendResult(S, 5, 4, 0, false));
        assertThrows(IllegalArgumentException.class, () -> Outcome.stored(0));
    }
}
