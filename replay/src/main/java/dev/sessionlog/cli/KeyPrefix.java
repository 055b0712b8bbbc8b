package dev.sessionlog.cli;

import dev.sessionlog.SessionKey;

/**
 * A {@code --key} filter: the key itself and every key under it, at a {@code :} boundary, so
 * {@code agent:main} finds {@code agent:main:telegram:direct:111} but not {@code agent:mainframe}.
 */
final class KeyPrefix {
    private KeyPrefix() {}

    /** Whether {@code key} is {@code prefix} or lies under it; every key matches a null prefix. */
    static boolean matches(SessionKey prefix, SessionKey key) {
        if (prefix == null) {
            return true;
        }
        if (key == null) {
            return false;
        }
        String value = key.value();
        String wanted = prefix.value();
        return value.equalsIgnoreCase(wanted) || value.length() > wanted.length()
                && value.regionMatches(true, 0, wanted, 0, wanted.length()) && value.charAt(wanted.length()) == ':';
    }
}
