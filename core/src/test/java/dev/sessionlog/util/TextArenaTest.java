package dev.sessionlog.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TextArenaTest {
    /** One of each form, and the texts that come close to another form without being it. */
    private static final List<String> TEXTS = List.of("", "a", "café", "agent:main:telegram:direct:123456789",
            "日本語のキー", "\uD800 unpaired", "x\uDC00", "6f1c2a4e-8b0d-4c53-9a61-000000000123",
            "6F1C2A4E-8B0D-4C53-9A61-000000000123", "6f1c2a4e-8b0d-4c53-9a61-00000000012g",
            "6f1c2a4e_8b0d-4c53-9a61-000000000123", "6f1c2a4e-8b0d-4c53-9a61-0000000001234", "ÿ\u0100");

    private final TextArena arena = new TextArena();

    @Test
    void every_text_comes_back_as_it_was_added_whatever_its_form() {
        List<Integer> handles = new ArrayList<>();
        for (String text : TEXTS) {
            handles.add(arena.add(text));
        }
        for (int i = 0; i < TEXTS.size(); i++) {
            String text = TEXTS.get(i);
            int handle = handles.get(i);
            assertEquals(text, arena.get(handle));
            assertEquals(text.length(), arena.length(handle));
            assertEquals(text.hashCode(), arena.hash(handle), text);
            assertTrue(arena.contentEquals(handle, text), text);
            for (String other : TEXTS) {
                assertEquals(other.equals(text), arena.contentEquals(handle, other), text + " against " + other);
            }
        }
        assertEquals(TextArena.NULL, arena.add(null));
        assertNull(arena.get(TextArena.NULL));
        assertTrue(arena.contentEquals(TextArena.NULL, null));
        assertFalse(arena.contentEquals(arena.add("a"), null));
    }

    @Test
    void starts_with_answers_as_string_starts_with_for_every_prefix_of_every_form() {
        for (String text : TEXTS) {
            int handle = arena.add(text);
            for (String other : TEXTS) {
                for (int end = 0; end <= other.length(); end++) {
                    String prefix = other.substring(0, end);
                    assertEquals(text.startsWith(prefix), arena.startsWith(handle, prefix),
                            "'" + text + "' starts with '" + prefix + "'");
                }
                assertEquals(text.startsWith(other + "x"), arena.startsWith(handle, other + "x"));
            }
        }
        assertFalse(arena.startsWith(TextArena.NULL, ""), "a null text starts with nothing");
        assertThrows(IllegalArgumentException.class, () -> arena.startsWith(arena.add("a"), null));
    }

    @Test
    void latin1_bytes_are_added_and_compared_without_a_string() {
        for (String text : TEXTS) {
            byte[] latin1 = text.getBytes(StandardCharsets.ISO_8859_1);
            if (!new String(latin1, StandardCharsets.ISO_8859_1).equals(text)) {
                continue; // not Latin-1
            }
            byte[] padded = new byte[latin1.length + 3];
            System.arraycopy(latin1, 0, padded, 2, latin1.length);
            int handle = arena.addLatin1(padded, 2, latin1.length);
            assertEquals(text, arena.get(handle));
            assertEquals(text.hashCode(), TextArena.hashLatin1(padded, 2, latin1.length));
            assertTrue(arena.contentEqualsLatin1(handle, padded, 2, latin1.length), text);
            assertTrue(arena.contentEqualsLatin1(arena.add(text), padded, 2, latin1.length), text);
            assertFalse(arena.contentEqualsLatin1(arena.add(text + "x"), padded, 2, latin1.length), text);
        }
        byte[] utf16 = "日本".getBytes(StandardCharsets.UTF_16BE);
        assertFalse(arena.contentEqualsLatin1(arena.add("日本"), utf16, 0, utf16.length));
    }

    @Test
    void texts_larger_than_a_page_and_more_texts_than_a_page_holds_are_kept() {
        String huge = "k".repeat(3 << 20);
        int hugeHandle = arena.add(huge);
        Random random = new Random(5);
        List<String> texts = new ArrayList<>();
        List<Integer> handles = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            String text = i % 3 == 0 ? String.format("6f1c2a4e-8b0d-4c53-9a61-%012d", i)
                    : "text-" + i + "-" + "é".repeat(random.nextInt(40));
            texts.add(text);
            handles.add(arena.add(text));
        }
        assertEquals(huge, arena.get(hugeHandle));
        for (int i = 0; i < texts.size(); i++) {
            assertEquals(texts.get(i), arena.get(handles.get(i)));
        }
    }

    @Test
    void the_serialized_form_round_trips_every_text_and_null() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        List<String> texts = new ArrayList<>(TEXTS);
        texts.add(null);
        for (String text : texts) {
            TextArena.write(text, out);
            arena.writeTo(arena.add(text), out);
        }
        ByteBuffer in = ByteBuffer.wrap(bytes.toByteArray());
        TextArena other = new TextArena();
        for (String text : texts) {
            assertEquals(text, TextArena.read(in));
            assertEquals(text, other.get(other.addSerialized(in)));
        }
        assertFalse(in.hasRemaining());
    }

    @Test
    void a_malformed_serialized_text_is_refused() {
        for (int header : new int[] {-7, Integer.MIN_VALUE, Integer.MAX_VALUE, 200}) {
            ByteBuffer in = ByteBuffer.allocate(12).putInt(header).put(new byte[8]).flip();
            assertThrows(IllegalArgumentException.class, () -> TextArena.read(in.duplicate()), "header " + header);
            assertThrows(IllegalArgumentException.class, () -> arena.addSerialized(in.duplicate()), "header " + header);
        }
    }

    @Test
    void only_latin1_text_can_be_written_as_latin1_bytes() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        arena.writeLatin1(arena.add("6f1c2a4e-8b0d-4c53-9a61-000000000123"), new DataOutputStream(bytes));
        arena.writeLatin1(arena.add("café"), new DataOutputStream(bytes));
        assertEquals("6f1c2a4e-8b0d-4c53-9a61-000000000123café", bytes.toString(StandardCharsets.ISO_8859_1));
        assertThrows(IllegalArgumentException.class,
                () -> arena.writeLatin1(arena.add("日本"), new DataOutputStream(new ByteArrayOutputStream())));
    }
}
