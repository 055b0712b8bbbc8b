package dev.sessionlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdsTest {

    @ParameterizedTest
    @ValueSource(strings = {"6f1c2a4e-8b0d-4c53-9a61-2f7e0d9b3c11", "a", "0", "telegram-123456789",
        "main.topic_42", "2026-04-13t09-41-07.123z_6f1c2a4e", "x-topic-general"})
    void a_session_id_accepts_what_openclaw_accepts(String value) {
        assertEquals(value, SessionId.of(value).value());
        assertTrue(SessionId.isValid(value));
    }

    @Test
    void a_session_id_of_128_characters_is_accepted_and_129_refused() {
        assertEquals(128, SessionId.of("a".repeat(128)).value().length());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SessionId.of("a".repeat(129)));
        assertTrue(e.getMessage().contains("129 characters"), e.getMessage());
        assertTrue(e.getMessage().length() < 200, "the message does not echo the whole value");
    }

    @Test
    void session_ids_are_case_insensitive_and_stored_in_lower_case() {
        assertEquals(SessionId.of("ABC-def"), SessionId.of("abc-DEF"));
        assertEquals("abc-def", SessionId.of("ABC-def").value());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "../etc/passwd", "..", ".", "a/b", "a\\b", "a..b", ".hidden", "-dash", "_under",
        "a b", " a", "a\u0000b", "a\nb", "a\u0007", "café", "a:b", "a*", "日本", "/abs", "C:\\x"})
    void a_session_id_refuses_anything_else_with_a_clear_message(String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SessionId.of(value));
        assertTrue(e.getMessage().startsWith("session id"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "control characters are escaped in the message");
        assertFalse(SessionId.isValid(value));
    }

    @Test
    void a_session_id_is_valid_exactly_when_openclaws_pattern_matches_and_it_has_no_double_dot() {
        Pattern openclaw = Pattern.compile("^[a-z0-9][a-z0-9._-]{0,127}$", Pattern.CASE_INSENSITIVE);
        String alphabet = "aZ09._-/ \u212a\u0131\u00e9:\u0000";
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder value = new StringBuilder();
            int length = random.nextInt(10) == 0 ? 120 + random.nextInt(20) : random.nextInt(8);
            for (int j = 0; j < length; j++) {
                value.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String text = value.toString();
            boolean expected = openclaw.matcher(text).matches() && !text.contains("..");
            assertEquals(expected, SessionId.isValid(text), () -> "for " + text);
        }
    }

    @Test
    void a_session_id_accepts_exactly_what_the_documented_pattern_accepts_for_every_character() {
        Pattern documented = Pattern.compile("^[a-z0-9][a-z0-9._-]{0,127}$", Pattern.CASE_INSENSITIVE);
        for (char c = 0; c < Character.MAX_VALUE; c++) {
            for (String value : List.of(c + "a", "a" + c, "a" + c + "b", "a." + c, "9" + c + c)) {
                boolean expected = documented.matcher(value).matches() && !value.contains("..");
                assertEquals(expected, SessionId.isValid(value), () -> "for " + value.chars().boxed().toList());
            }
        }
    }

    @Test
    void a_null_session_id_is_refused() {
        assertThrows(IllegalArgumentException.class, () -> SessionId.of(null));
        assertFalse(SessionId.isValid(null));
    }

    @Test
    void a_session_key_is_lower_cased_and_refuses_blank_control_and_oversized_values() {
        assertEquals("agent:main:telegram:direct:123", SessionKey.of("Agent:Main:Telegram:Direct:123").value());
        assertThrows(IllegalArgumentException.class, () -> SessionKey.of(null));
        assertThrows(IllegalArgumentException.class, () -> SessionKey.of("  "));
        assertThrows(IllegalArgumentException.class, () -> SessionKey.of("agent:\u0000"));
        assertEquals(512, SessionKey.of("k".repeat(512)).value().length());
        assertThrows(IllegalArgumentException.class, () -> SessionKey.of("k".repeat(513)));
    }

    @Test
    void a_call_id_refuses_blank_control_and_oversized_values_and_random_ids_differ() {
        assertEquals("call_0", CallId.of("call_0").value());
        assertThrows(IllegalArgumentException.class, () -> CallId.of(""));
        assertThrows(IllegalArgumentException.class, () -> CallId.of("c\r\n"));
        assertThrows(IllegalArgumentException.class, () -> CallId.of("c".repeat(CallId.MAX_LENGTH + 1)));
        assertNotEquals(CallId.random(), CallId.random());
    }

    @Test
    void an_event_id_parses_only_canonical_uuids() {
        UUID uuid = UUID.randomUUID();
        assertEquals(new EventId(uuid), EventId.parse(uuid.toString()));
        assertThrows(IllegalArgumentException.class, () -> EventId.parse("1-1-1-1-1"));
        assertThrows(IllegalArgumentException.class, () -> EventId.parse(null));
        assertThrows(IllegalArgumentException.class, () -> EventId.parse("zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz"));
        assertThrows(IllegalArgumentException.class, () -> new EventId(null));
    }

    @Test
    void random_event_ids_are_version_4_uuids_and_do_not_repeat() throws Exception {
        Set<EventId> ids = ConcurrentHashMap.newKeySet();
        Thread[] threads = new Thread[4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                for (int i = 0; i < 50_000; i++) {
                    EventId id = EventId.random();
                    assertEquals(4, id.value().version());
                    assertEquals(2, id.value().variant());
                    assertEquals(id, EventId.parse(id.toString()));
                    ids.add(id);
                }
            });
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(200_000, ids.size());
    }
}
