package dev.sessionlog.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SaturatingMathTest {

    @Test
    void sums_that_fit_are_exact() {
        assertEquals(5, SaturatingMath.add(2, 3));
        assertEquals(Long.MAX_VALUE, SaturatingMath.add(Long.MAX_VALUE - 1, 1));
        assertEquals(-1, SaturatingMath.add(Long.MAX_VALUE, Long.MIN_VALUE));
    }

    @Test
    void an_overflowing_sum_sticks_at_the_maximum() {
        assertEquals(Long.MAX_VALUE, SaturatingMath.add(Long.MAX_VALUE, 1));
        assertEquals(Long.MAX_VALUE, SaturatingMath.add(Long.MAX_VALUE, Long.MAX_VALUE));
    }

    @Test
    void an_underflowing_sum_sticks_at_the_minimum() {
        assertEquals(Long.MIN_VALUE, SaturatingMath.add(Long.MIN_VALUE, -1));
        assertEquals(Long.MIN_VALUE, SaturatingMath.add(Long.MIN_VALUE, Long.MIN_VALUE));
    }
}
