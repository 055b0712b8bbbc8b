package dev.sessionlog.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LongLongHashMapTest {

    @Test
    void an_absent_key_reads_as_missing() {
        LongLongHashMap map = new LongLongHashMap();
        assertEquals(LongLongHashMap.MISSING, map.get(0));
        assertFalse(map.containsKey(7));
        assertEquals(0, map.size());
    }

    @Test
    void put_returns_the_previous_value_and_overwrites() {
        LongLongHashMap map = new LongLongHashMap();
        assertEquals(LongLongHashMap.MISSING, map.put(5, 50));
        assertEquals(50, map.put(5, 51));
        assertEquals(51, map.get(5));
        assertEquals(1, map.size());
    }

    @Test
    void zero_negative_and_extreme_keys_are_ordinary_keys() {
        LongLongHashMap map = new LongLongHashMap();
        long[] keys = {0, -1, Long.MIN_VALUE, Long.MAX_VALUE, 1L << 32, 16, 32, 48};
        for (int i = 0; i < keys.length; i++) {
            map.put(keys[i], i);
        }
        for (int i = 0; i < keys.length; i++) {
            assertEquals(i, map.get(keys[i]));
        }
        assertEquals(keys.length, map.size());
    }

    @Test
    void it_agrees_with_a_hash_map_through_many_resizes() {
        LongLongHashMap map = new LongLongHashMap(0);
        Map<Long, Long> reference = new HashMap<>();
        SplittableRandom random = new SplittableRandom(17);
        for (int i = 0; i < 200_000; i++) {
            // Half random keys, half a small range, so overwrites and clustering both happen.
            long key = i % 2 == 0 ? random.nextLong() : random.nextInt(50_000);
            long value = random.nextLong(0, Long.MAX_VALUE);
            Long previous = reference.put(key, value);
            assertEquals(previous == null ? LongLongHashMap.MISSING : previous, map.put(key, value));
        }
        assertEquals(reference.size(), map.size());
        reference.forEach((k, v) -> assertEquals(v, map.get(k)));
        for (int i = 0; i < 10_000; i++) {
            long probe = random.nextLong();
            assertEquals(reference.containsKey(probe), map.containsKey(probe));
        }
    }

    @Test
    void sequential_keys_do_not_cluster_into_failure() {
        LongLongHashMap map = new LongLongHashMap();
        for (long k = 0; k < 100_000; k++) {
            map.put(k << 16, k);
        }
        for (long k = 0; k < 100_000; k++) {
            assertEquals(k, map.get(k << 16));
        }
        assertTrue(map.containsKey(99_999L << 16));
    }

    @Test
    void the_missing_marker_cannot_be_stored_and_sizes_are_checked() {
        LongLongHashMap map = new LongLongHashMap();
        assertThrows(IllegalArgumentException.class, () -> map.put(1, LongLongHashMap.MISSING));
        assertEquals(0, map.size());
        assertThrows(IllegalArgumentException.class, () -> new LongLongHashMap(-1));
        assertThrows(IllegalArgumentException.class, () -> new LongLongHashMap(Integer.MAX_VALUE));
    }

    @Test
    void for_each_hands_over_every_entry_once() {
        LongLongHashMap map = new LongLongHashMap();
        Map<Long, Long> expected = new HashMap<>();
        for (long k = -500; k < 500; k++) {
            map.put(k * 31, k);
            expected.put(k * 31, k);
        }
        Map<Long, Long> seen = new HashMap<>();
        map.forEach((key, value) -> assertNull(seen.put(key, value)));
        assertEquals(expected, seen);
        assertThrows(IllegalArgumentException.class, () -> map.forEach(null));
    }
}
