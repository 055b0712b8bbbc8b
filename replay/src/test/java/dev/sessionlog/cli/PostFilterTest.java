package dev.sessionlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PostFilterTest {
    /** The numbers 0 to 999 in order, up to the count asked for; records each count asked. */
    private final List<Integer> asks = new ArrayList<>();
    private final IntFunction<List<Integer>> numbers = count -> {
        asks.add(count);
        return IntStream.range(0, Math.min(count, 1000)).boxed().toList();
    };

    @Test
    void a_filter_that_keeps_everything_asks_once_for_as_many_as_wanted() {
        assertEquals(List.of(0, 1, 2), PostFilter.firstKept(numbers, n -> true, 3, 1000));
        assertEquals(List.of(3), asks);
    }

    @Test
    void a_filter_that_drops_some_asks_for_four_times_as_many_until_enough_are_kept() {
        assertEquals(List.of(0, 10, 20, 30, 40), PostFilter.firstKept(numbers, n -> n % 10 == 0, 5, 1000));
        assertEquals(List.of(5, 20, 80), asks);
    }

    @Test
    void fewer_are_returned_when_the_source_runs_out_or_the_most_was_asked() {
        assertEquals(List.of(0, 500), PostFilter.firstKept(numbers, n -> n % 500 == 0, 3, 1_000_000));
        assertEquals(List.of(3, 12, 48, 192, 768, 3072), asks, "stops at the first list shorter than asked");
        asks.clear();
        assertEquals(List.of(0), PostFilter.firstKept(numbers, n -> n % 500 == 0, 2, 100));
        assertEquals(List.of(2, 8, 32, 100), asks, "never asks past the most");
    }

    @Test
    void wanted_must_be_between_one_and_the_most() {
        assertThrows(IllegalArgumentException.class, () -> PostFilter.firstKept(numbers, n -> true, 0, 10));
        assertThrows(IllegalArgumentException.class, () -> PostFilter.firstKept(numbers, n -> true, 11, 10));
    }
}
