package dev.sessionlog.cli;

/**
 * One problem {@code verify}, {@code doctor} or {@code repair} found.
 *
 * @param check which check found it
 * @param session the session it concerns, or null for the store as a whole
 * @param sequence the sequence of the event it concerns (the first, for a range), or 0; never a log position
 * @param file the file it is in, or null when it is not at one place in a file
 * @param offset the byte offset in {@code file}, or -1
 * @param description what is wrong, for people
 */
record Problem(String check, String session, long sequence, String file, long offset, String description) {

    /** A problem at no place in a file. */
    Problem(String check, String session, long sequence, String description) {
        this(check, session, sequence, null, -1, description);
    }

    /** {@code file at byte offset}, or null. */
    String place() {
        return file == null ? null : offset < 0 ? file : file + " at byte " + offset;
    }
}
