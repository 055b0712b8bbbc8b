package dev.sessionlog.store.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionlog.EventId;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.event.UserMessageReceived;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StorePositionsTest {
    /** A day in 2026 and one near the end of what 16 bits of day reach. */
    private static final int[] DAYS = {20_600, 65_000};

    @Test
    void with_one_partition_store_positions_are_the_log_positions() {
        StorePositions positions = StorePositions.of(0, 1);
        long logPosition = Positions.of(LogFiles.indexOf(20_600, 4_000_000_000L), 9_999);
        assertEquals(logPosition, positions.toStore(logPosition));
        assertEquals(logPosition, positions.toLog(logPosition));
        RecordedEvent event = event(logPosition);
        assertSame(event, positions.publish(event));
    }

    @Test
    void store_positions_round_trip_name_their_partition_and_never_collide() {
        for (int partitions : new int[] {2, 3, 4, 16, 17, 64}) {
            Set<Long> seen = new HashSet<>();
            for (int partition = 0; partition < partitions; partition++) {
                StorePositions positions = StorePositions.of(partition, partitions);
                for (int day : DAYS) {
                    for (long record : new long[] {0, 1, positions.recordsPerDay() - 1}) {
                        for (int slot : new int[] {0, 9_999}) {
                            long logPosition = Positions.of(LogFiles.indexOf(day, record), slot);
                            long storePosition = positions.toStore(logPosition);
                            assertTrue(storePosition >= 0, "positions are not negative");
                            assertEquals(logPosition, positions.toLog(storePosition), partitions + "/" + partition);
                            assertTrue(seen.add(storePosition), "unique in the store: " + storePosition);
                        }
                    }
                }
            }
        }
    }

    @Test
    void store_positions_increase_with_log_positions_within_a_partition() {
        StorePositions positions = StorePositions.of(5, 16);
        long[] logPositions = {Positions.of(LogFiles.indexOf(20_600, 0), 0), Positions.of(LogFiles.indexOf(20_600, 0), 1),
                Positions.of(LogFiles.indexOf(20_600, 7), 0), Positions.of(LogFiles.indexOf(20_601, 0), 0)};
        for (int i = 1; i < logPositions.length; i++) {
            assertTrue(positions.toStore(logPositions[i - 1]) < positions.toStore(logPositions[i]));
        }
    }

    @Test
    void the_next_position_after_an_event_maps_to_the_next_log_position() {
        StorePositions positions = StorePositions.of(1, 2);
        long logPosition = Positions.of(LogFiles.indexOf(20_600, 12), 3);
        assertEquals(logPosition + 1, positions.toLog(positions.toStore(logPosition) + 1));
    }

    @Test
    void a_position_of_another_partition_starts_a_partition_at_its_beginning_or_after_its_end() {
        StorePositions first = StorePositions.of(0, 4);
        StorePositions third = StorePositions.of(2, 4);
        long ofFirst = first.toStore(Positions.of(LogFiles.indexOf(20_600, 5), 0));
        long ofThird = third.toStore(Positions.of(LogFiles.indexOf(20_600, 5), 0));
        assertEquals(0, third.toLog(ofFirst), "every event of a higher partition is after a lower one's position");
        assertEquals(Long.MAX_VALUE, first.toLog(ofThird), "no event of a lower partition is after a higher one's");
        assertEquals(0, third.toLog(0));
    }

    @Test
    void partitions_of_many_number_fewer_records_a_day_and_refuse_more() {
        assertEquals(1L << 32, StorePositions.of(1, 2).recordsPerDay());
        assertEquals(1L << 31, StorePositions.of(1, 4).recordsPerDay());
        assertEquals(1L << 29, StorePositions.of(1, 16).recordsPerDay());
        assertEquals(1L << 27, StorePositions.of(1, 64).recordsPerDay());
        StorePositions positions = StorePositions.of(3, 64);
        long beyond = Positions.of(LogFiles.indexOf(20_600, positions.recordsPerDay()), 0);
        assertThrows(IllegalStateException.class, () -> positions.toStore(beyond));
    }

    @Test
    void a_published_event_names_its_partition_and_its_store_position() {
        StorePositions positions = StorePositions.of(3, 8);
        long logPosition = Positions.of(LogFiles.indexOf(20_600, 42), 1);
        RecordedEvent published = positions.publish(event(logPosition));
        assertEquals(3, published.partition());
        assertEquals(positions.toStore(logPosition), published.position());
        assertNotEquals(logPosition, published.position());
    }

    private static RecordedEvent event(long position) {
        return new RecordedEvent(position, SessionId.of("p"), 1, EventId.random(), Instant.EPOCH,
                UserMessageReceived.text("m", "hello"), null);
    }
}
