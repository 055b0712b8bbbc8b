package dev.sessionlog.openclaw;

/**
 * Names of the {@link dev.sessionlog.EventMetadata} attributes an OpenClaw import writes, so that
 * export gives every entry back as it was. Values are plain strings; the {@code *extra} ones are
 * compact JSON objects and the {@code *absent} ones compact JSON arrays of field names.
 */
public final class OpenClawAttributes {
    /** The entry's own {@code id} (8 hex characters in OpenClaw; derived from the line for version 1 files). */
    public static final String ID = "openclaw.id";
    /** The entry's {@code parentId}; absent when it was null. */
    public static final String PARENT_ID = "openclaw.parentId";
    /** The entry's ISO-8601 {@code timestamp}. */
    public static final String TIMESTAMP = "openclaw.timestamp";
    /** The message's epoch-millisecond {@code message.timestamp}. */
    public static final String MESSAGE_TIMESTAMP = "openclaw.message.timestamp";
    /** The assistant message's {@code api}, such as {@code anthropic-messages}. */
    public static final String API = "openclaw.api";
    /** Top-level fields the event does not model (or models differently): their original values. */
    public static final String EXTRA = "openclaw.extra";
    /** Top-level fields an export would write that the original entry did not have. */
    public static final String ABSENT = "openclaw.absent";
    /** Like {@link #EXTRA}, inside {@code message}. */
    public static final String MESSAGE_EXTRA = "openclaw.message.extra";
    /** Like {@link #ABSENT}, inside {@code message}. */
    public static final String MESSAGE_ABSENT = "openclaw.message.absent";
    /** {@code true} on a {@code CustomEntryRecorded} whose data is the whole original entry. */
    public static final String RAW = "openclaw.raw";
    /** The 1-based line of the source file the event came from. */
    public static final String LINE = "openclaw.line";
    /** On {@code SessionStarted}: the original header line, compact JSON. */
    public static final String HEADER = "openclaw.header";
    /** On {@code SessionStarted}: the name of the imported file. */
    public static final String FILE = "openclaw.file";
    /** {@code true} on a {@code SettingsChanged} taken from a version 1 header (export writes no entry for it). */
    public static final String FROM_HEADER = "openclaw.fromHeader";

    private OpenClawAttributes() {}
}
