package dev.sessionlog.openclaw;

import dev.sessionlog.SessionId;
import java.util.List;

/**
 * What an {@link OpenClawImport} did with one file of a sessions directory.
 *
 * @param file the file's name, without its directory
 * @param session the session its events went to (or would have gone to, when skipped or refused by the
 *     store), or null when the file itself is unusable (refused by the reader, or not one readable
 *     line) or is not a transcript
 * @param status what happened
 * @param appended events this import appended; 0 unless {@link Status#IMPORTED} or {@link Status#RESUMED}
 * @param entries entry lines read from the file (the header and malformed lines excluded)
 * @param malformed lines that could not be imported (they are left out; the rest is imported)
 * @param warnings what else was odd, malformed lines first (as {@code line <n>: <reason>})
 * @param detail one sentence saying why the status is what it is, for a report table
 */
public record FileImportReport(String file, SessionId session, Status status, long appended, long entries,
                               long malformed, List<String> warnings, String detail) {

    /** What happened to a file. */
    public enum Status {
        /** Imported in full by this import. */
        IMPORTED,
        /** Partly imported by an earlier, interrupted import; this one appended the rest. */
        RESUMED,
        /**
         * Nothing appended: already imported, another file of this import named the same session, the
         * store holds that session imported from a file of another name, or the file is not a
         * transcript (see the detail).
         */
        SKIPPED,
        /**
         * Not imported: the file cannot be used (unreadable, an invalid session id, no readable line) or
         * the store refused its events (see the detail). Nothing of it was appended.
         */
        FAILED
    }

    /** Copies the warnings. */
    public FileImportReport {
        warnings = List.copyOf(warnings);
    }
}
