package dev.sessionlog.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionlog.SessionId;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SessionSlotsTest {
    private final SessionSlots slots = new SessionSlots();

    private static SessionId id(int i) {
        return SessionId.of(i % 2 == 0 ? String.format("6f1c2a4e-8b0d-4c53-9a61-%012d", i) : "telegram-" + i);
    }

    private static byte[] ascii(SessionId id) {
        return id.value().getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void slots_are_given_in_order_and_found_again_after_the_table_grew_many_times() {
        for (int i = 0; i < 100_000; i++) {
            assertEquals(i, slots.add(id(i)));
        }
        assertEquals(100_000, slots.size());
        for (int i = 0; i < 100_000; i++) {
            SessionId id = id(i);
            byte[] bytes = ascii(id);
            assertEquals(i, slots.slotOf(id));
            assertEquals(i, slots.add(id));
            assertEquals(i, slots.slotOfAscii(bytes, 0, bytes.length));
            assertEquals(i, slots.addAscii(bytes, 0, bytes.length));
            assertTrue(slots.isSlotOfAscii(i, bytes, 0, bytes.length));
            assertFalse(slots.isSlotOfAscii(i + 1, bytes, 0, bytes.length));
            assertEquals(id, slots.id(i));
        }
        assertEquals(-1, slots.slotOf(SessionId.of("never-added")));
        assertEquals(100_000, slots.size(), "looking up adds nothing");
    }

    @Test
    void ascii_bytes_get_a_slot_exactly_when_they_are_a_session_id_as_stored() {
        Random random = new Random(17);
        String alphabet = "abcXYZ019._-/ \u00e9";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder text = new StringBuilder();
            for (int length = random.nextInt(i % 100 == 0 ? 140 : 8); length > 0; length--) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String candidate = text.toString();
            byte[] bytes = candidate.getBytes(StandardCharsets.ISO_8859_1);
            boolean stored = SessionId.isValid(candidate) && candidate.equals(candidate.toLowerCase(Locale.ROOT));
            int slot = slots.addAscii(bytes, 0, bytes.length);
            assertEquals(stored, slot >= 0, candidate);
            if (stored) {
                assertEquals(slot, slots.slotOf(SessionId.of(candidate)), candidate);
            }
        }
    }

    @Test
    void a_reader_finds_every_session_added_before_it_looked_while_the_writer_adds_more() throws Exception {
        int sessions = 200_000;
        List<SessionId> ids = new ArrayList<>(sessions);
        for (int i = 0; i < sessions; i++) {
            ids.add(id(i));
        }
        int[] added = new int[1];
        Object published = new Object();
        AtomicReference<String> failure = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            while (failure.get() == null) {
                int known;
                synchronized (published) {
                    known = added[0];
                }
                if (known == sessions) {
                    return;
                }
                if (known > 0) {
                    int i = random.nextInt(known);
                    int slot = slots.slotOf(ids.get(i));
                    if (slot != i) {
                        failure.set("session " + i + " added before the lookup was found at slot " + slot);
                    }
                }
            }
        });
        reader.start();
        for (int i = 0; i < sessions; i++) {
            slots.add(ids.get(i));
            synchronized (published) {
                added[0] = i + 1;
            }
        }
        reader.join();
        assertEquals(null, failure.get());
    }

    @Test
    void ids_appended_in_bulk_keep_their_slots_and_are_found_once_indexed() {
        slots.add(id(0));
        for (int i = 1; i < 50_000; i++) {
            byte[] bytes = ascii(id(i));
            assertEquals(i, slots.appendAscii(bytes, 0, bytes.length));
        }
        assertEquals(-1, slots.appendAscii(new byte[] {'U', 'p'}, 0, 2));
        assertTrue(slots.index());
        for (int i = 0; i < 50_000; i++) {
            assertEquals(i, slots.slotOf(id(i)));
        }
        assertEquals(50_000, slots.add(id(50_000)), "adding goes on after an index");
    }

    @Test
    void the_same_id_appended_twice_fails_the_index() {
        for (int i : new int[] {1, 2, 3, 2}) {
            byte[] bytes = ascii(id(i));
            slots.appendAscii(bytes, 0, bytes.length);
        }
        assertFalse(slots.index());
    }
}
