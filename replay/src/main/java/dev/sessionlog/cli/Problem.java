package dev.sessionlog.cli;

/**
 * One problem {@code verify} or {@code doctor} found.
 *
 * @param check which check found it
 * @param session the session it concerns, or null for the store as a whole
 * @param sequence the sequence (or log position, for a record) it concerns, or 0
 * @param description what is wrong, for people
 */
record Problem(String check, String session, long sequence, String description) {
}
