package dev.sessionlog.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionlog.SessionId;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PartitioningTest {

    /** Values printed by Kafka 4.1.1's {@code Utils.murmur2} and {@code toPositive(..) % 16}. */
    @Test
    void the_hash_is_kafkas_murmur2_byte_for_byte() {
        assertEquals(-973932308, Partitioning.murmur2(bytes("21")));
        assertEquals(-790332482, Partitioning.murmur2(bytes("foobar")));
        assertEquals(-985981536, Partitioning.murmur2(bytes("a-little-bit-long-string")));
        assertEquals(479470107, Partitioning.murmur2(bytes("abc")));
        assertEquals(275646681, Partitioning.murmur2(bytes("")));
        assertEquals(4, Partitioning.partitionOf(SessionId.of("telegram-123456789"), 16));
        assertEquals(15, Partitioning.partitionOf(SessionId.of("s-1"), 16));
    }

    @Test
    void one_partition_holds_every_session() {
        for (int i = 0; i < 1_000; i++) {
            assertEquals(0, Partitioning.partitionOf(SessionId.of("session-" + i), 1));
        }
    }

    @Test
    void sessions_spread_over_every_partition() {
        Map<Integer, Integer> counts = new HashMap<>();
        for (int i = 0; i < 64_000; i++) {
            counts.merge(Partitioning.partitionOf(SessionId.of("telegram-" + (100_000_000 + i)), 64), 1, Integer::sum);
        }
        assertEquals(64, counts.size());
        counts.values().forEach(n -> assertTrue(n > 800 && n < 1_200, "a partition got " + n + " of 64,000"));
    }

    @Test
    void a_partition_count_out_of_range_is_refused() {
        assertThrows(IllegalArgumentException.class, () -> Partitioning.partitionOf(SessionId.of("s"), 0));
        assertThrows(IllegalArgumentException.class, () -> Partitioning.partitionOf(SessionId.of("s"), 4097));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
