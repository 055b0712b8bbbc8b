package dev.sessionlog.openclaw;

/**
 * What an export wrote.
 *
 * @param entries the entry lines written, the header excluded
 * @param orphanToolResults tool results whose call no earlier assistant message holds: written as
 *     {@code custom} entries of type {@value OpenClawTranscriptWriter#ORPHAN_TOOL_RESULT} so that no
 *     reader pairs them with nothing
 */
public record ExportSummary(long entries, long orphanToolResults) {}
