package dev.sessionlog.openclaw;

import dev.sessionlog.NewEvent;
import dev.sessionlog.SessionId;
import java.nio.file.Path;
import java.util.List;

/**
 * What reading one transcript file produced: the events to append to a new session (the first is
 * {@code SessionStarted(IMPORT)}), and the per-file report. An import whose {@link #error()} is set
 * has no events: the file was refused as a whole (an invalid session id, an unreadable file).
 *
 * @param path the file read
 * @param file what its name says, or null when the name is not a transcript's
 * @param sessionId the session to append to, or null when the file was refused
 * @param header the header line, or null when the file has none
 * @param events the events, in order: their sequences are 1, 2, 3 … in a new session
 * @param entries how many entry lines were imported (the header and malformed lines excluded)
 * @param malformedCount how many lines could not be imported
 * @param malformedLines the first {@value #MAX_REPORTED} of them, with line numbers
 * @param warnings what else was odd (a header that does not match the file name, a parent that
 *     names no entry, an entry kept as a custom entry)
 * @param error why the file was refused, or null
 */
public record TranscriptImport(Path path, TranscriptFile file, SessionId sessionId, TranscriptHeader header,
                               List<NewEvent> events, long entries, long malformedCount,
                               List<MalformedLine> malformedLines, List<String> warnings, String error) {
    /** How many malformed lines and warnings are listed; the rest are counted. */
    public static final int MAX_REPORTED = 1000;

    /** Copies the lists. */
    public TranscriptImport {
        events = List.copyOf(events);
        malformedLines = List.copyOf(malformedLines);
        warnings = List.copyOf(warnings);
    }

    /** A file refused as a whole. */
    public static TranscriptImport refused(Path path, TranscriptFile file, String error) {
        return new TranscriptImport(path, file, null, null, List.of(), 0, 0, List.of(), List.of(), error);
    }

    /** Whether the file was imported (possibly with malformed lines and warnings). */
    public boolean ok() {
        return error == null;
    }
}
