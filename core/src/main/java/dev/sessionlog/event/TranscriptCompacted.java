package dev.sessionlog.event;

import static dev.sessionlog.util.Preconditions.requireArgument;

/**
 * The transcript was compacted: the summary replaces every message before
 * {@code firstKeptSequence} in the next prompt. Computed outside the store and appended as one
 * event, so no message waits on a compaction.
 *
 * @param summary the summary text
 * @param firstKeptSequence the sequence of the first event kept as it is
 * @param tokensBefore the prompt's size before compaction
 */
public record TranscriptCompacted(String summary, long firstKeptSequence, long tokensBefore) implements SessionEvent {

    /** Requires a summary and a positive first kept sequence. */
    public TranscriptCompacted {
        requireArgument(summary != null, "summary must not be null");
        requireArgument(firstKeptSequence >= 1, "first kept sequence must be at least 1, was %s", firstKeptSequence);
        requireArgument(tokensBefore >= 0, "tokens before must not be negative");
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.transcriptCompacted(this);
    }
}
