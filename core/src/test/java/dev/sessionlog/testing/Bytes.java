package dev.sessionlog.testing;

import java.nio.charset.StandardCharsets;

/** Finding text in a store's raw files, for tests that damage or grep them. */
public final class Bytes {
    private Bytes() {}

    /** Where {@code needle} first occurs in {@code haystack}, or -1. */
    public static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Where {@code text} (UTF-8) first occurs in {@code haystack}, or -1. */
    public static int indexOf(byte[] haystack, String text) {
        return indexOf(haystack, text.getBytes(StandardCharsets.UTF_8));
    }
}
