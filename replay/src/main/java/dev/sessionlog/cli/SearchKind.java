package dev.sessionlog.cli;

/** What a search match is, for {@code search --kind}: the parts of a transcript a person looks for. */
enum SearchKind {
    /** A user's message. */
    USER,
    /** A model's answer: its text and its tool calls. */
    ASSISTANT,
    /** A tool's result. */
    TOOL,
    /** A failed model call: the provider's message (secrets redacted). */
    FAILURE,
    /** An outbound reply mirrored into the log. */
    DELIVERY,
    /** A compaction summary or a context message. */
    CONTEXT,
    /** Extension state (custom entries), settings and anything else with text. */
    OTHER
}
