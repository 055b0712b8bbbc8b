package dev.sessionlog.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class IntIntHashMapTest {

    @Test
    void an_absent_key_reads_as_missing() {
        IntIntHashMap map = new IntIntHashMap();
        assertEquals(IntIntHashMap.MISSING, map.get(0));
        assertFalse(map.containsKey(7));
        assertEquals(0, map.size());
    }

    @Test
    void put_returns_the_previous_value_and_overwrites() {
        IntIntHashMap map = new IntIntHashMap();
        assertEquals(IntIntHashMap.MISSING, map.put(5, 50));
        assertEquals(50, map.put(5, 51));
        assertEquals(51, map.get(5));
        assertEquals(1, map.size());
    }

    @Test
    void zero_negative_and_extreme_keys_and_values_are_ordinary() {
        IntIntHashMap map = new IntIntHashMap();
        int[] keys = {0, -1, Integer.MIN_VALUE, Integer.MAX_VALUE, 1 << 16, 16, 32, 48};
        for (int i = 0; i < keys.length; i++) {
            map.put(keys[i], i == 0 ? Integer.MAX_VALUE : i);
        }
        for (int i = 0; i < keys.length; i++) {
            assertEquals(i == 0 ? Integer.MAX_VALUE : i, map.get(keys[i]));
        }
        assertEquals(keys.length, map.size());
    }

    @Test
    void it_agrees_with_a_hash_map_through_many_resizes() {
        IntIntHashMap map = new IntIntHashMap(0);
        Map<Integer, Integer> reference = new HashMap<>();
        SplittableRandom random = new SplittableRandom(17);
        for (int i = 0; i < 200_000; i++) {
            // Half random keys, half a small range, so overwrites and clustering both happen.
            int key = i % 2 == 0 ? random.nextInt() : random.nextInt(50_000);
            int value = random.nextInt(1, Integer.MAX_VALUE);
            Integer previous = reference.put(key, value);
            assertEquals(previous == null ? IntIntHashMap.MISSING : previous, map.put(key, value));
        }
        assertEquals(reference.size(), map.size());
        reference.forEach((k, v) -> assertEquals(v, map.get(k)));
        for (int i = 0; i < 10_000; i++) {
            int probe = random.nextInt();
            assertEquals(reference.containsKey(probe), map.containsKey(probe));
        }
    }

    @Test
    void sequential_keys_do_not_cluster_into_failure() {
        IntIntHashMap map = new IntIntHashMap();
        for (int k = 0; k < 100_000; k++) {
            map.put(k << 12, k + 1);
        }
        for (int k = 0; k < 100_000; k++) {
            assertEquals(k + 1, map.get(k << 12));
        }
        assertTrue(map.containsKey(99_999 << 12));
    }

    @Test
    void values_must_be_positive_and_sizes_are_checked() {
        IntIntHashMap map = new IntIntHashMap();
        assertThrows(IllegalArgumentException.class, () -> map.put(1, IntIntHashMap.MISSING));
        assertThrows(IllegalArgumentException.class, () -> map.put(1, -5));
        assertEquals(0, map.size());
        assertThrows(IllegalArgumentException.class, () -> new IntIntHashMap(-1));
        assertThrows(IllegalArgumentException.class, () -> new IntIntHashMap(Integer.MAX_VALUE));
    }

    @Test
    void for_each_hands_over_every_entry_once() {
        IntIntHashMap map = new IntIntHashMap();
        Map<Integer, Integer> expected = new HashMap<>();
        for (int k = -500; k < 500; k++) {
            map.put(k * 31, k + 501);
            expected.put(k * 31, k + 501);
        }
        Map<Integer, Integer> seen = new HashMap<>();
        map.forEach((key, value) -> assertNull(seen.put(key, value)));
        assertEquals(expected, seen);
        assertThrows(IllegalArgumentException.class, () -> map.forEach(null));
    }
}
