package dev.sessionlog.openclaw;

/** What a transcript file is, judged by its name. */
public enum TranscriptKind {
    /** {@code <sessionId>.jsonl}: a session's transcript. */
    SESSION,
    /** {@code <sessionId>-topic-<topic>.jsonl}: a forum topic's transcript. */
    TOPIC,
    /** {@code <ISO-time>_<uuid>.jsonl}: a forked or branched transcript. */
    FORK,
    /** {@code <file>.jsonl.reset.<ts>}, {@code .bak.<ts>}: imported as an ended session ({@code .deleted.<ts>} is skipped). */
    ARCHIVE
}
