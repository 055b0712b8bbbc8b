package dev.sessionlog.openclaw;

import dev.sessionlog.event.SessionEnded;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A file that holds a transcript, with what its name says.
 *
 * @param path the file
 * @param kind session, topic, fork or archive
 * @param nameSessionId the session id the name implies (the part before {@code -topic-}, the uuid of
 *     a fork, the base name of an archive); not validated: a hostile name is rejected on import
 * @param archiveSuffix for an archive, its suffix as written ({@code reset.2026-04-13T09-41-07.123Z});
 *     otherwise null
 * @param endReason for an archive, how its session ended ({@code RESET}, or {@code ARCHIVED} for a
 *     {@code .bak}); otherwise null
 */
public record TranscriptFile(Path path, TranscriptKind kind, String nameSessionId, String archiveSuffix,
                             SessionEnded.Reason endReason) {

    /**
     * What {@code path}'s name says, or empty when it is not an importable transcript (use
     * {@link OpenClawSessionsDirectory#scan} to also learn why a file is skipped).
     */
    public static Optional<TranscriptFile> of(Path path) {
        return FileNames.classify(path).toJavaOptional();
    }

    /** Whether the file is an archive of an ended session. */
    public boolean isArchive() {
        return kind == TranscriptKind.ARCHIVE;
    }
}
