package dev.sessionlog.cli;

/** How data is written to stdout. */
enum OutputFormat {
    /** Aligned columns for people: the default when stdout is a terminal. */
    TABLE,
    /** One JSON document (an array for lists). */
    JSON,
    /** One JSON object per line: the default when stdout is not a terminal, and the only format that can follow. */
    JSONL
}
