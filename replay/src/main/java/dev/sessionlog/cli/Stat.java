package dev.sessionlog.cli;

/**
 * One named figure of {@code stats} (or one line of a key/value view).
 *
 * @param name what is counted
 * @param value the value, formatted
 */
record Stat(String name, String value) {

    static Stat of(String name, long value) {
        return new Stat(name, Long.toString(value));
    }

    static Stat of(String name, Object value) {
        return new Stat(name, value == null ? "" : value.toString());
    }
}
