package dev.sessionlog.cli;

/**
 * One result of a {@code doctor} check.
 *
 * @param check the check
 * @param status how it went
 * @param session the session it concerns, or null
 * @param detail what was found, and what to do about it
 */
record Finding(String check, Status status, String session, String detail) {

    /** How a check went; {@link #PROBLEM} makes {@code doctor} exit with 1. */
    enum Status { OK, WARNING, PROBLEM }
}
