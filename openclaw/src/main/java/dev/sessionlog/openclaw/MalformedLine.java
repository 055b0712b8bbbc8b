package dev.sessionlog.openclaw;

/**
 * A line that could not be imported; the import goes on without it.
 *
 * @param lineNumber the 1-based line number
 * @param reason why, in one sentence (never the line's content)
 */
public record MalformedLine(long lineNumber, String reason) {}
