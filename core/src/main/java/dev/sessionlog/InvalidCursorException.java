package dev.sessionlog;

/**
 * A text given to {@link StoreCursor#decode(String)} is not a cursor this version of sessionlog
 * wrote: not printable, of an unknown version, malformed, or out of bounds. The message quotes at
 * most the start of the text, so hostile input is never echoed whole.
 */
public final class InvalidCursorException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String reason;

    /** @param reason what is wrong with the text, for people */
    public InvalidCursorException(String reason) {
        super("not a store cursor: " + reason);
        this.reason = reason;
    }

    /** What is wrong with the text. */
    public String reason() {
        return reason;
    }
}
