package dev.sessionlog.openclaw;

import static dev.sessionlog.util.Preconditions.requireArgument;

import dev.sessionlog.failure.FailureClassifier;
import io.vavr.control.Either;
import java.nio.file.Path;

/**
 * Reads OpenClaw (and pi) JSONL transcripts, format versions 1, 2 and 3, into the events of one
 * session, without a store: the caller appends {@link TranscriptImport#events()} to a new session.
 *
 * <p>Every entry is mapped (messages to user messages, model calls, tool results; settings,
 * compactions, context messages, deliveries, aborts; anything else to a custom entry) and kept
 * losslessly: the entry's id, parent, timestamps and every field its event does not model are in
 * the event's metadata (see {@link OpenClawAttributes}), so {@link OpenClawTranscriptWriter} gives
 * the entry back. Idempotency keys derive from entry ids, so importing a file twice appends nothing
 * the second time.
 *
 * <p>Never throws for what a file contains: lines that are not JSON objects with a type, or longer
 * than the line limit (skipped without being held in memory), are counted and reported with line
 * numbers; an invalid session id in the header or the file name refuses the file with a
 * {@link TranscriptImport#error()}. Thread-safe.
 */
public final class OpenClawTranscriptReader {
    /** The default longest line: 16 MiB. */
    public static final int DEFAULT_MAX_LINE_BYTES = 16 * 1024 * 1024;

    private final FailureClassifier classifier;
    private final int maxLineBytes;

    /**
     * A reader classifying failed calls with {@code classifier} and refusing lines longer than
     * {@code maxLineBytes}.
     */
    public OpenClawTranscriptReader(FailureClassifier classifier, int maxLineBytes) {
        requireArgument(classifier != null, "classifier must not be null");
        requireArgument(maxLineBytes > 0, "the line limit must be positive, was %s", maxLineBytes);
        this.classifier = classifier;
        this.maxLineBytes = maxLineBytes;
    }

    /** The standard classifier and a 16 MiB line limit. */
    public static OpenClawTranscriptReader standard() {
        return new OpenClawTranscriptReader(FailureClassifier.standard(), DEFAULT_MAX_LINE_BYTES);
    }

    /**
     * Reads {@code file}, taking the session key, agent and channel from {@code index} (use
     * {@link SessionsIndex#empty()} when there is none).
     */
    public TranscriptImport read(Path file, SessionsIndex index) {
        requireArgument(file != null, "file must not be null");
        Either<SkippedFile, TranscriptFile> named = FileNames.classifyOrSkip(file);
        if (named.isLeft()) {
            return TranscriptImport.refused(file, null, "not a transcript: " + named.getLeft().reason());
        }
        return read(named.get(), index);
    }

    /** Reads a file found by {@link OpenClawSessionsDirectory#scan}. */
    public TranscriptImport read(TranscriptFile file, SessionsIndex index) {
        requireArgument(file != null, "file must not be null");
        return new TranscriptParser(file, index == null ? SessionsIndex.empty() : index, classifier, maxLineBytes).read();
    }

    /** Reads the lines {@code lines} opens as {@code file} (see {@link TranscriptParser}). */
    TranscriptImport read(TranscriptFile file, SessionsIndex index, TranscriptParser.LinesOpener lines, String agentId) {
        return new TranscriptParser(file, index == null ? SessionsIndex.empty() : index, classifier, maxLineBytes, lines,
                agentId).read();
    }

    /** The longest line (or database row) this reader reads. */
    public int maxLineBytes() {
        return maxLineBytes;
    }
}
