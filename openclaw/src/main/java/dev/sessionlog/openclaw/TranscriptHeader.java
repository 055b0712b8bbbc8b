package dev.sessionlog.openclaw;

/**
 * The header line of a transcript ({@code "type":"session"}), as found.
 *
 * @param sessionId the header's {@code id}, or null when absent
 * @param version the format version: 1 when the header has none
 * @param timestamp the header's ISO-8601 {@code timestamp}, or null
 * @param cwd the working directory, or null
 * @param parentSession the path of the parent transcript of a fork ({@code parentSession}, or a
 *     version 1 {@code branchedFrom}), or null
 */
public record TranscriptHeader(String sessionId, int version, String timestamp, String cwd, String parentSession) {}
