package dev.sessionlog.cli;

import java.util.List;

/**
 * What importing one file did.
 *
 * @param file the file's name
 * @param session the session it went to, or null when the file was refused
 * @param status what happened
 * @param appended events appended by this run
 * @param entries entry lines read from the file
 * @param malformed lines that could not be imported
 * @param warnings what else was odd, malformed lines first (with line numbers)
 * @param detail one sentence for the table
 */
record FileReport(String file, String session, Status status, long appended, long entries, long malformed,
                  List<String> warnings, String detail) {

    /** What happened to a file. */
    enum Status {
        /** Imported in full by this run. */
        IMPORTED,
        /** Partly imported by an earlier, interrupted run; this run appended the rest. */
        RESUMED,
        /** Already imported by an earlier run: nothing appended. */
        SKIPPED,
        /** Not imported: the file cannot be used (see the detail). */
        FAILED
    }

    FileReport {
        warnings = List.copyOf(warnings);
    }
}
