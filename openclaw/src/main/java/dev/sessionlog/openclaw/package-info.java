/**
 * OpenClaw transcripts: import OpenClaw (and pi) JSONL transcripts, format versions 1, 2 and 3, from
 * files or from OpenClaw's SQLite database, as session events, and export sessions back as version 3
 * transcripts.
 *
 * <p>A gateway (or the CLI) that has a {@link dev.sessionlog.SessionStore} needs two entry points:
 * <ul>
 *   <li>{@link dev.sessionlog.openclaw.OpenClawImport#importDirectory} imports a sessions directory,
 *       idempotent and resumable, telling an {@link dev.sessionlog.openclaw.ImportListener} after each
 *       file and returning an {@link dev.sessionlog.openclaw.ImportReport} of
 *       {@link dev.sessionlog.openclaw.FileImportReport}s;</li>
 *   <li>{@link dev.sessionlog.openclaw.OpenClawImport#importDatabase} imports the sessions of
 *       OpenClaw's SQLite database ({@link dev.sessionlog.openclaw.OpenClawDatabase}, opened
 *       read-only, safe while OpenClaw runs), the same way;</li>
 *   <li>{@link dev.sessionlog.openclaw.OpenClawExport#write} writes one session as a transcript.</li>
 * </ul>
 *
 * <p>Every imported event keeps its entry's time as its own ({@link dev.sessionlog.EventMetadata#OCCURRED_AT});
 * {@code recordedAt} stays the store's time.
 *
 * <p>Beneath them, the codec needs no store:
 * <ul>
 *   <li>{@link dev.sessionlog.openclaw.OpenClawSessionsDirectory#scan} lists a sessions directory:
 *       its {@code sessions.json} ({@link dev.sessionlog.openclaw.SessionsIndex}), the transcripts
 *       to import and the files skipped with a reason.</li>
 *   <li>{@link dev.sessionlog.openclaw.OpenClawTranscriptReader#read} turns one file into a
 *       {@link dev.sessionlog.openclaw.TranscriptImport}: the events to append to a new session,
 *       and the file's report (malformed lines with numbers, warnings, or why it was refused). It
 *       needs no store.</li>
 *   <li>{@link dev.sessionlog.openclaw.OpenClawTranscriptWriter#write} writes a session's recorded
 *       events as a version 3 transcript.</li>
 * </ul>
 *
 * <h2>Mapping</h2>
 * <table>
 *   <caption>Entry → events (the entry's metadata goes on the last event)</caption>
 *   <tr><th>entry</th><th>events</th></tr>
 *   <tr><td>header ({@code type:session})</td><td>{@code SessionStarted(IMPORT)} with the key, agent, channel
 *       and origin from {@code sessions.json} and the parent session of a fork; a version 1 header's
 *       model and thinking level also give a {@code SettingsChanged} (not exported as an entry)</td></tr>
 *   <tr><td>{@code message} user</td><td>{@code UserMessageReceived}, message id {@code openclaw:<entryId>};
 *       an empty one is kept as a custom entry and reported</td></tr>
 *   <tr><td>{@code message} assistant</td><td>{@code ModelCallStarted} (call id {@code openclaw:<entryId>},
 *       attempt 1, no deadline) + {@code ModelCallCompleted}; with {@code stopReason:error} +
 *       {@code ModelCallFailed} classified by {@code FailureClassifier.standard()} from
 *       {@code errorMessage} (leading HTTP status and error type parsed out); with {@code aborted}
 *       + {@code ModelCallFailed(CANCELLED)}</td></tr>
 *   <tr><td>assistant, provider {@code openclaw}, model {@code delivery-mirror}</td><td>{@code DeliveryRecorded}
 *       (id: {@code idempotencyKey}, or {@code openclaw:<entryId>} when absent or already used in the file)</td></tr>
 *   <tr><td>assistant, provider {@code openclaw}, model {@code gateway-injected}</td><td>{@code TurnAborted}
 *       ({@code USER_STOP} when {@code openclawAbort.origin} names the user, else {@code GATEWAY}) when
 *       {@code openclawAbort.aborted}; otherwise {@code ContextMessageAdded("openclaw.gateway-injected")}</td></tr>
 *   <tr><td>{@code message} toolResult</td><td>{@code ToolResultRecorded}</td></tr>
 *   <tr><td>{@code message} custom (version 2: {@code hookMessage})</td><td>{@code ContextMessageAdded(customType)}</td></tr>
 *   <tr><td>{@code model_change}, {@code thinking_level_change}</td><td>{@code SettingsChanged}</td></tr>
 *   <tr><td>{@code compaction}</td><td>{@code TranscriptCompacted}, first kept sequence = the sequence of the
 *       first event of the entry {@code firstKeptEntryId} names; one naming no earlier entry is kept as a
 *       custom entry and reported</td></tr>
 *   <tr><td>{@code branch_summary}</td><td>{@code ContextMessageAdded("openclaw.branch_summary")}</td></tr>
 *   <tr><td>{@code custom_message}</td><td>{@code ContextMessageAdded(customType)}</td></tr>
 *   <tr><td>{@code custom}</td><td>{@code CustomEntryRecorded(customType, data)};
 *       {@code openclaw:prompt-error}: {@code ModelCallStarted} + {@code ModelCallFailed} classified from
 *       {@code data.error}</td></tr>
 *   <tr><td>{@code label}, {@code session_info}, {@code bashExecution} messages, unknown types and roles,
 *       entries their event refuses</td><td>{@code CustomEntryRecorded("openclaw.entry/<type>[.<role>]")} whose
 *       data is the entry itself (without id and parent)</td></tr>
 *   <tr><td>archive file ({@code .reset.}, {@code .bak.})</td><td>the above, then
 *       {@code SessionEnded(RESET | ARCHIVED)} at the archive's time; the session id is {@code <id>.<suffix>}
 *       ({@code <id>.reset.2026-04-13t09-41-07.123z}), so an archive never collides with the live session</td></tr>
 *   <tr><td>{@code .deleted.} archive</td><td>nothing: skipped with a report line, since its user deleted
 *       the session</td></tr>
 *   <tr><td>an entry too large for one event (over {@code SessionStore.MAX_EVENT_BYTES}, such as a
 *       base64 image of several MB)</td><td>{@code CustomEntryRecorded("openclaw.dropped")} naming the
 *       entry (id, type, role, line, size) without its content, and a warning in the report</td></tr>
 * </table>
 *
 * <h2>Losslessness</h2>
 * The reader renders every event back to the entry the writer would write and keeps, in the
 * event's metadata ({@link dev.sessionlog.openclaw.OpenClawAttributes}), the entry's id, parent,
 * timestamps and api, plus every field where the original differs from that rendering (unknown
 * fields, the cost breakdown, block fields such as {@code partialJson}, content of failed calls)
 * and every field the rendering adds that the original lacked. The writer applies them, so an
 * import followed by an export gives each entry back field for field; the tests prove it on every
 * entry type and on two real transcripts.
 *
 * <h2>What a version 1 or 2 file changes on export</h2>
 * Export always writes version 3, as OpenClaw's own loader migrates:
 * <ul>
 *   <li>the header gains {@code "version":3} (its other fields, version 1's {@code provider},
 *       {@code modelId}, {@code thinkingLevel} and {@code branchedFrom} included, stay);</li>
 *   <li>version 1 entries gain an {@code id} (8 hex digits derived from the session id and line
 *       number: the same file always gets the same ids) and a {@code parentId} naming the entry on
 *       the line before ({@code null} on the first);</li>
 *   <li>a version 1 compaction's {@code firstKeptEntryIndex} (index of a line, the header being 0)
 *       becomes {@code firstKeptEntryId}, the id of the entry on that line;</li>
 *   <li>version 2's message role {@code hookMessage} becomes {@code custom}.</li>
 * </ul>
 * In every version, API keys and bearer tokens in {@code errorMessage} and in a prompt error's
 * {@code data.error} are replaced by {@code [REDACTED]} on import, so they are neither stored nor
 * exported.
 * Nothing else changes: field order and whitespace may differ, numbers compare by value.
 *
 * <h2>Known limits</h2>
 * An entry's {@code id} and {@code parentId} are written by the writer: a reused id gets a fresh
 * one on export and a {@code parentId} that names no earlier entry is written as {@code null} (the
 * root the reader treated it as). A missing {@code timestamp} or {@code message.timestamp} is
 * filled in on export. Entries of a tree are imported in file order as one line of events.
 */
package dev.sessionlog.openclaw;
