package dev.sessionlog.openclaw;

/**
 * Hears an {@link OpenClawImport} make progress, for a progress bar or a log line: once per
 * transcript of the directory ({@link OpenClawSessionsDirectory#transcripts()}, in that order), after
 * the file's events are stored. Files that are not transcripts are not reported here (they are in
 * {@link ImportReport#files()}). Called on the thread that runs the import; an exception it throws
 * ends the import (what was appended stays, and the next import resumes it).
 */
@FunctionalInterface
public interface ImportListener {

    /** One transcript is done: imported, resumed, skipped or failed, as {@code report} says. */
    void fileDone(FileImportReport report);

    /** A listener that ignores every report. */
    static ImportListener none() {
        return report -> { };
    }
}
