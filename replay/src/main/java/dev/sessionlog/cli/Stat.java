package dev.sessionlog.cli;

/**
 * One named figure of {@code stats} (or one line of a key/value view).
 *
 * @param name what is counted
 * @param value the value: a number, boolean, text, time or enum; null when there is none
 */
record Stat(String name, Object value) {

    static Stat of(String name, Object value) {
        return new Stat(name, value);
    }

    /** The value for a table: empty for none. */
    String text() {
        return value == null ? "" : value.toString();
    }
}
