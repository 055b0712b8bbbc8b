package dev.sessionlog.store.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionlog.SessionId;
import dev.sessionlog.spi.AppendLimits;
import dev.sessionlog.spi.SessionLedger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RecordFormatTest {
    private static final SessionId SESSION = SessionId.of("s-1");

    @Test
    void a_record_round_trips_its_header_and_every_payload() {
        byte[] record = RecordFormat.encode(SESSION, RecordFormat.DELETES_SESSION, 7,
                List.of(bytes("one"), bytes(""), bytes("three")));
        assertEquals(record.length, RecordFormat.encodedSize(SESSION, List.of(bytes("one"), bytes(""), bytes("three"))));
        RecordFormat.Frame frame = RecordFormat.parse(record).get();
        assertEquals(SESSION, frame.session());
        assertEquals(7, frame.firstSequence());
        assertEquals(3, frame.count());
        assertTrue(frame.deletesSession());
        assertArrayEquals(bytes("three"), frame.payload(2));
        assertArrayEquals(new byte[0], frame.payload(1));
    }

    @Test
    void the_largest_append_every_store_accepts_fits_in_one_record() {
        SessionId longest = SessionId.of("s".repeat(128));
        int perEvent = AppendLimits.MAX_APPEND_BYTES / SessionLedger.MAX_BATCH;
        List<byte[]> payloads = new ArrayList<>();
        for (int i = 0; i < SessionLedger.MAX_BATCH; i++) {
            payloads.add(new byte[i == 0 ? AppendLimits.MAX_APPEND_BYTES - perEvent * (SessionLedger.MAX_BATCH - 1)
                    : perEvent]);
        }
        assertEquals(AppendLimits.MAX_APPEND_BYTES, payloads.stream().mapToLong(p -> p.length).sum());
        long size = RecordFormat.encodedSize(longest, payloads);
        assertTrue(size <= StoreMetadata.MAX_RECORD_BYTES, size + " bytes framed, more than the largest record, "
                + StoreMetadata.MAX_RECORD_BYTES);
    }

    @Test
    void every_single_flipped_bit_is_reported_not_thrown() {
        byte[] record = RecordFormat.encode(SESSION, 0, 1, List.of(bytes("{\"type\":\"x\"}")));
        for (int bit = 0; bit < record.length * 8; bit++) {
            byte[] damaged = record.clone();
            damaged[bit / 8] ^= (byte) (1 << (bit % 8));
            assertTrue(RecordFormat.parse(damaged).isLeft(), "bit " + bit);
        }
    }

    @Test
    void every_truncation_is_reported_not_thrown() {
        byte[] record = RecordFormat.encode(SESSION, 0, 1, List.of(bytes("payload")));
        for (int length = 0; length < record.length; length++) {
            assertTrue(RecordFormat.parse(Arrays.copyOf(record, length)).isLeft(), "length " + length);
        }
    }

    @Test
    void random_bytes_never_parse_and_never_throw() {
        Random random = new Random(42);
        for (int i = 0; i < 10_000; i++) {
            byte[] junk = new byte[random.nextInt(200)];
            random.nextBytes(junk);
            assertTrue(RecordFormat.parse(junk).isLeft());
        }
    }

    @Test
    void hostile_lengths_with_a_valid_checksum_are_refused() {
        byte[] record = RecordFormat.encode(SESSION, 0, 1, List.of(bytes("abc")));
        int countOffset = 3 + SESSION.value().length() + 8;
        for (int hostile : new int[] {0, -1, Integer.MAX_VALUE, RecordFormat.MAX_EVENTS + 1}) {
            byte[] forged = record.clone();
            ByteBuffer.wrap(forged).putInt(countOffset, hostile);
            assertTrue(RecordFormat.parse(withChecksum(forged)).isLeft(), "count " + hostile);
        }
        byte[] forged = record.clone();
        ByteBuffer.wrap(forged).putInt(countOffset + 4, Integer.MAX_VALUE);
        assertTrue(RecordFormat.parse(withChecksum(forged)).getLeft().contains("claims"));
    }

    @Test
    void a_session_id_that_is_not_valid_is_refused_even_with_a_valid_checksum() {
        byte[] record = RecordFormat.encode(SESSION, 0, 1, List.of(bytes("abc")));
        for (String hostile : new String[] {"s/1", "s..", "-s1", "s\t1", "s\u00e91"}) {
            byte[] forged = record.clone();
            byte[] id = hostile.getBytes(StandardCharsets.ISO_8859_1);
            System.arraycopy(id, 0, forged, 3, 3);
            assertEquals("record has an invalid session id", RecordFormat.parse(withChecksum(forged)).getLeft(), hostile);
            assertEquals("record has an invalid session id", RecordFormat.parse(forged, SESSION).getLeft(), hostile);
        }
    }

    @Test
    void a_frame_reuses_the_expected_session_only_when_its_header_names_exactly_that_session() {
        byte[] record = RecordFormat.encode(SESSION, 0, 1, List.of(bytes("abc")));
        assertSame(SESSION, RecordFormat.parse(record, SESSION).get().session());
        for (SessionId other : List.of(SessionId.of("s-2"), SessionId.of("s-10"), SessionId.of("s"))) {
            RecordFormat.Frame frame = RecordFormat.parse(record, other).get();
            assertEquals(SESSION, frame.session(), other.value());
        }
        byte[] upperCase = record.clone();
        upperCase[3] = 'S';
        assertEquals(SESSION, RecordFormat.parse(withChecksum(upperCase), SESSION).get().session());
    }

    @Test
    void a_payload_is_read_in_place_at_its_offset_and_length() {
        byte[] record = RecordFormat.encode(SESSION, 0, 1, List.of(bytes("one"), bytes(""), bytes("three")));
        RecordFormat.Frame frame = RecordFormat.parse(record).get();
        for (int slot = 0; slot < frame.count(); slot++) {
            byte[] inPlace = Arrays.copyOfRange(frame.bytes, frame.offset(slot), frame.offset(slot) + frame.length(slot));
            assertArrayEquals(frame.payload(slot), inPlace, "slot " + slot);
        }
        assertEquals(5, frame.length(2));
    }

    @Test
    void an_empty_or_oversized_append_cannot_be_framed() {
        assertThrows(IllegalArgumentException.class, () -> RecordFormat.encode(SESSION, 0, 1, List.of()));
        List<byte[]> tooMany = java.util.Collections.nCopies(RecordFormat.MAX_EVENTS + 1, new byte[0]);
        assertThrows(IllegalArgumentException.class, () -> RecordFormat.encode(SESSION, 0, 1, tooMany));
    }

    @Test
    void positions_keep_the_record_index_and_slot_apart_and_increase_with_both() {
        long a = Positions.of(123_456_789L, 0);
        long b = Positions.of(123_456_789L, 9_999);
        long c = Positions.of(123_456_790L, 0);
        assertTrue(a < b && b < c);
        assertEquals(123_456_789L, Positions.index(b));
        assertEquals(9_999, Positions.slot(b));
    }

    private static byte[] withChecksum(byte[] record) {
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(record, 0, record.length - 4);
        ByteBuffer.wrap(record).putInt(record.length - 4, (int) crc.getValue());
        return record;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
