package dev.sessionlog.util;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PreconditionsTest {

    @Test
    void quote_escapes_what_would_change_how_an_error_message_reads() {
        assertEquals("\"a\\u000ab\\u0000c\"", Preconditions.quote("a\nb\u0000c"));
        assertEquals("\"evil \\u202etxt.exe\"", Preconditions.quote("evil \u202Etxt.exe"));
        assertEquals("\"zero\\u200bwidth \\u2028 line\"", Preconditions.quote("zero\u200Bwidth \u2028 line"));
        assertEquals("\"lone \\ud83d and \\ude00\"", Preconditions.quote("lone \uD83D and \uDE00"));
        assertEquals("\"pair \uD83D\uDE00 é\"", Preconditions.quote("pair \uD83D\uDE00 é"));
    }

    @Test
    void quote_shortens_to_64_characters_without_leaving_half_a_pair() {
        assertEquals("\"" + "k".repeat(64) + "…\"", Preconditions.quote("k".repeat(100_000)));
        String cutInPair = "x".repeat(63) + "\uD83D\uDE00";
        assertEquals("\"" + "x".repeat(63) + "\\ud83d…\"", Preconditions.quote(cutInPair));
        assertEquals("null", Preconditions.quote(null));
    }
}
