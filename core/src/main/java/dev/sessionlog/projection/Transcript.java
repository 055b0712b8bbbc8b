package dev.sessionlog.projection;

import java.util.List;

/**
 * The messages for the next prompt, in order: the compaction summary first, then the kept
 * messages; failed calls and custom entries left out; every tool result right after the call that
 * asked for it, and no call or result without its pair. Built by {@link TranscriptProjection}, which
 * states the rules in full.
 *
 * @param messages the messages
 */
public record Transcript(List<TranscriptMessage> messages) {
    /** Copies the list. */
    public Transcript {
        messages = List.copyOf(messages);
    }
}
