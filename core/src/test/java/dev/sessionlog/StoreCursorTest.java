package dev.sessionlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionlog.event.ContentBlock;
import dev.sessionlog.event.UserMessageReceived;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StoreCursorTest {
    private static final Pattern URL_SAFE = Pattern.compile("[A-Za-z0-9._~-]+");

    private static RecordedEvent at(long position) {
        return new RecordedEvent(position, SessionId.of("s1"), 1, EventId.random(), Instant.EPOCH,
                new UserMessageReceived("m", List.of(new ContentBlock.Text("hi")), null), EventMetadata.EMPTY);
    }

    @Test
    void the_start_delivers_every_position_of_every_partition() {
        StoreCursor start = StoreCursor.start();
        assertEquals(0, start.partitions());
        assertEquals(0, start.nextPosition(0));
        assertEquals(0, start.nextPosition(StoreCursor.MAX_PARTITIONS - 1));
        assertTrue(start.includes(0, 0));
        assertEquals("v1", start.encode());
    }

    @Test
    void after_an_event_the_cursor_delivers_only_later_positions_of_its_partition() {
        StoreCursor cursor = StoreCursor.start().after(at(41));
        assertEquals(42, cursor.nextPosition(0));
        assertFalse(cursor.includes(0, 41));
        assertTrue(cursor.includes(0, 42));
        assertTrue(cursor.includes(1, 0));
        assertEquals("v1.42", cursor.encode());
    }

    @Test
    void a_cursor_never_moves_back_and_is_immutable() {
        StoreCursor later = StoreCursor.start().after(at(100));
        StoreCursor same = later.after(at(7));
        assertSame(later, same);
        assertEquals(101, later.nextPosition(0));
        StoreCursor original = StoreCursor.start();
        original.after(at(5));
        assertEquals(StoreCursor.start(), original);
    }

    @Test
    void every_partition_round_trips_through_the_encoding() {
        StoreCursor cursor = StoreCursor.start().withNextPosition(0, 17).withNextPosition(3, Long.MAX_VALUE)
                .withNextPosition(2, 0);
        String text = cursor.encode();
        assertEquals("v1.17.0.0." + Long.MAX_VALUE, text);
        assertTrue(URL_SAFE.matcher(text).matches());
        StoreCursor decoded = StoreCursor.decode(text);
        assertEquals(cursor, decoded);
        assertEquals(cursor.hashCode(), decoded.hashCode());
        assertEquals(4, decoded.partitions());
        assertEquals(Long.MAX_VALUE, decoded.nextPosition(3));
    }

    @Test
    void equal_cursors_encode_equally_whatever_trailing_partitions_were_named() {
        assertEquals(StoreCursor.start(), StoreCursor.decode("v1.0.0"));
        assertEquals("v1.5", StoreCursor.decode("v1.5.0").encode());
        assertEquals(StoreCursor.start(), StoreCursor.start().withNextPosition(9, 3).withNextPosition(9, 0));
        assertNotEquals(StoreCursor.start(), StoreCursor.start().withNextPosition(1, 1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "v", "v2.1", "V1.1", "v1.", "v1..2", "v1.1.", "v1.-1", "v1.+1", "v1.01", "v1.1e3",
        "v1. 1", "v1.1 ", "v1.9223372036854775808", "v1.99999999999999999999", "v1.\u0000", "v1.١", "v11",
        "../v1", "v1.1;drop", "%76%31"})
    void hostile_or_foreign_text_is_refused_with_a_typed_error(String text) {
        InvalidCursorException e = assertThrows(InvalidCursorException.class, () -> StoreCursor.decode(text));
        assertFalse(e.reason().isBlank());
        assertTrue(e.getMessage().length() < 300, e.getMessage());
    }

    @Test
    void null_huge_and_too_many_partitions_are_refused() {
        assertThrows(InvalidCursorException.class, () -> StoreCursor.decode(null));
        InvalidCursorException huge = assertThrows(InvalidCursorException.class,
                () -> StoreCursor.decode("v1." + "9".repeat(1_000_000)));
        assertTrue(huge.getMessage().length() < 300, huge.getMessage());
        String tooMany = "v1" + ".1".repeat(StoreCursor.MAX_PARTITIONS + 1);
        assertThrows(InvalidCursorException.class, () -> StoreCursor.decode(tooMany));
        String most = "v1" + ".1".repeat(StoreCursor.MAX_PARTITIONS);
        assertEquals(StoreCursor.MAX_PARTITIONS, StoreCursor.decode(most).partitions());
    }

    @Test
    void arguments_out_of_bounds_are_refused() {
        assertThrows(IllegalArgumentException.class, () -> StoreCursor.start().nextPosition(-1));
        assertThrows(IllegalArgumentException.class, () -> StoreCursor.start().withNextPosition(0, -1));
        assertThrows(IllegalArgumentException.class,
                () -> StoreCursor.start().withNextPosition(StoreCursor.MAX_PARTITIONS, 1));
        assertThrows(IllegalArgumentException.class, () -> StoreCursor.start().after(null));
        assertThrows(IllegalArgumentException.class, () -> StoreCursor.start().after(at(Long.MAX_VALUE)));
    }

    @Test
    void a_subscription_request_from_a_cursor_starts_at_its_partition_zero_position() {
        StoreCursor cursor = StoreCursor.start().after(at(9));
        SubscriptionRequest request = SubscriptionRequest.allFrom(cursor);
        assertEquals(10, request.fromPosition());
        assertEquals(cursor, request.cursor());
        assertFalse(request.matches(at(9)));
        assertTrue(request.matches(at(10)));
        assertEquals(StoreCursor.start().withNextPosition(0, 10), SubscriptionRequest.allFrom(10).cursor());
        assertEquals(null, SubscriptionRequest.session(SessionId.of("s1"), 1).cursor());
        assertThrows(IllegalArgumentException.class, () -> SubscriptionRequest.allFrom((StoreCursor) null));
        assertThrows(IllegalArgumentException.class, () -> new SubscriptionRequest(null, 3, 1, cursor));
    }
}
