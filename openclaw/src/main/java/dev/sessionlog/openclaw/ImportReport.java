package dev.sessionlog.openclaw;

import dev.sessionlog.openclaw.FileImportReport.Status;
import java.nio.file.Path;
import java.util.List;

/**
 * What an {@link OpenClawImport} of a sessions directory did, file by file.
 *
 * @param directory the sessions directory imported
 * @param files one report per file: the transcripts in the order they were imported, then the files
 *     that are not transcripts ({@link Status#SKIPPED}, with the reason)
 */
public record ImportReport(Path directory, List<FileImportReport> files) {

    /** Copies the list. */
    public ImportReport {
        files = List.copyOf(files);
    }

    /** How many files ended with {@code status}. */
    public long count(Status status) {
        return files.stream().filter(file -> file.status() == status).count();
    }

    /** The events this import appended, over all files. */
    public long eventsAppended() {
        return files.stream().mapToLong(FileImportReport::appended).sum();
    }

    /** The lines left out as malformed, over all files. */
    public long malformedLines() {
        return files.stream().mapToLong(FileImportReport::malformed).sum();
    }

    /** The files that could not be imported ({@link Status#FAILED}); empty when every file was usable. */
    public List<FileImportReport> failed() {
        return files.stream().filter(file -> file.status() == Status.FAILED).toList();
    }
}
