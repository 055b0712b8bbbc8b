package dev.sessionlog.openclaw;

import static dev.sessionlog.util.Preconditions.requireArgument;

import dev.sessionlog.AppendResult;
import dev.sessionlog.ExpectedSequence;
import dev.sessionlog.InvalidEventException;
import dev.sessionlog.NewEvent;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionEndedException;
import dev.sessionlog.SessionId;
import dev.sessionlog.SessionStore;
import dev.sessionlog.SessionSummary;
import dev.sessionlog.StoreBusyException;
import dev.sessionlog.WrongExpectedSequenceException;
import dev.sessionlog.openclaw.FileImportReport.Status;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Imports OpenClaw transcripts into any {@link SessionStore}, one session per transcript: those of a
 * sessions directory ({@link #importDirectory}, one file each) or of OpenClaw's SQLite database
 * ({@link #importDatabase}, one {@code session_id} each). What {@code sessionlog import-openclaw}
 * runs, callable in-process by a gateway; {@link #dryRun()} reports without appending.
 *
 * <pre>{@code
 * OpenClawSessionsDirectory directory = OpenClawSessionsDirectory.scan(home.resolve(".openclaw/agents/main/sessions"));
 * ImportReport report = new OpenClawImport(store).importDirectory(directory, ImportListener.none());
 * report.failed().forEach(file -> log.warn("{}: {}", file.file(), file.detail()));
 * }</pre>
 *
 * <h2>Idempotent and resumable</h2>
 * Without any bookkeeping of its own: the events of a file ({@link OpenClawTranscriptReader#read})
 * are appended in order, in batches of at most 512 events and half the bytes one append may take
 * ({@link SessionStore#MAX_APPEND_BYTES}), each batch expecting the session's last
 * sequence to be where the previous one ended ({@link ExpectedSequence#exactly}). So a session holds
 * a prefix of its file's events at any moment, even after the process is killed. A later import
 * compares the stored last sequence with the file's event count: equal means imported
 * ({@link Status#SKIPPED}), smaller means interrupted (the rest is appended: {@link Status#RESUMED}).
 * Importing the same directory again therefore appends nothing, and an interrupted import is finished
 * by the next one with the same store contents as one uninterrupted import.
 *
 * <h2>What it refuses</h2>
 * A file whose content cannot be used (unreadable, an invalid session id, not one readable line)
 * is {@link Status#FAILED} with the reason; malformed lines of a usable file are left out and
 * counted. A second file naming a session this import already took, and a session the store
 * already holds that was imported from a file of another name (its first event's
 * {@link OpenClawAttributes#FILE}), are {@link Status#SKIPPED}. A stored session whose first event
 * names no file at all counts as this file's: the rest of the file is appended to it. A store refusing a file's events ({@link InvalidEventException},
 * {@link SessionEndedException}, {@link WrongExpectedSequenceException}: another writer appended to
 * the session meanwhile) fails that file and the import goes on. The source files are only read.
 *
 * <h2>Errors and threads</h2>
 * A full writer queue ({@link StoreBusyException}) is waited out, 5 ms at a time, up to 1,000
 * times per batch, then thrown. Any other store failure (closed, full, locked, read-only) is thrown
 * and ends the import, as does an interrupt while waiting (an {@link IllegalStateException}, the
 * thread's interrupt flag set again); what was appended stays, and the next import resumes it. An import runs on the calling thread and waits for its appends; the instance keeps no
 * state between imports, but two imports of the same files into one store at once would fail each
 * other's files, so run one at a time per store.
 */
public final class OpenClawImport {
    /** Events per append: large enough to batch the writer's I/O, small enough to resume close to a kill. */
    private static final int BATCH = 512;
    /** Waits of 5 ms for a full writer queue before giving up: about 5 s. */
    private static final int MAX_BUSY_RETRIES = 1000;

    private final SessionStore store;
    private final OpenClawTranscriptReader reader;
    private final boolean dryRun;

    /** An import into {@code store} reading files with {@link OpenClawTranscriptReader#standard()}. */
    public OpenClawImport(SessionStore store) {
        this(store, OpenClawTranscriptReader.standard());
    }

    /** An import into {@code store} reading files with {@code reader} (its classifier and line limit). */
    public OpenClawImport(SessionStore store, OpenClawTranscriptReader reader) {
        requireArgument(store != null, "store must not be null");
        requireArgument(reader != null, "reader must not be null");
        this.store = store;
        this.reader = reader;
        this.dryRun = false;
    }

    private OpenClawImport(OpenClawImport of, boolean dryRun) {
        this.store = of.store;
        this.reader = of.reader;
        this.dryRun = dryRun;
    }

    /**
     * This import as a dry run: it reads every source and decides every status as a real run would
     * against the store's present contents, but appends nothing; {@link FileImportReport#appended()}
     * is what it would have appended. The store may be opened read-only for it.
     */
    public OpenClawImport dryRun() {
        return new OpenClawImport(this, true);
    }

    /**
     * Imports every transcript of {@code directory} (as {@link OpenClawSessionsDirectory#scan} found
     * them, in that order), telling {@code listener} after each, and reports every file, those that
     * are not transcripts included.
     */
    public ImportReport importDirectory(OpenClawSessionsDirectory directory, ImportListener listener) {
        requireArgument(directory != null, "directory must not be null");
        requireArgument(listener != null, "listener must not be null");
        Map<SessionId, String> importedThisRun = new HashMap<>();
        List<FileImportReport> reports = new ArrayList<>();
        for (TranscriptFile file : directory.transcripts()) {
            String name = file.path().getFileName().toString();
            FileImportReport report = importRead(name, name, reader.read(file, directory.index()), importedThisRun);
            reports.add(report);
            listener.fileDone(report);
        }
        for (SkippedFile skipped : directory.skipped()) {
            reports.add(new FileImportReport(skipped.path().getFileName().toString(), null, Status.SKIPPED, 0, 0, 0,
                    List.of(), "not a transcript: " + skipped.reason()));
        }
        return new ImportReport(directory.directory(), reports);
    }

    /**
     * Imports every session of OpenClaw's {@code database} (as {@link OpenClawDatabase#sessionIds()}
     * lists them), telling {@code listener} after each, as {@link #importDirectory} does for files.
     * Each session is reported as {@code <database file>:<session id>}; its events name the file
     * {@code <session id>.jsonl} as their source, so a session imported earlier from its transcript
     * file (before OpenClaw moved it into the database) is continued, not duplicated: only the rows
     * added since are appended.
     */
    public ImportReport importDatabase(OpenClawDatabase database, ImportListener listener) {
        requireArgument(database != null, "database must not be null");
        requireArgument(listener != null, "listener must not be null");
        Map<SessionId, String> importedThisRun = new HashMap<>();
        List<FileImportReport> reports = new ArrayList<>();
        String databaseName = database.file().getFileName().toString();
        for (String sessionId : database.sessionIds()) {
            TranscriptImport read = database.read(sessionId, reader);
            FileImportReport report = importRead(databaseName + ":" + sessionId,
                    read.path().getFileName().toString(), read, importedThisRun);
            reports.add(report);
            listener.fileDone(report);
        }
        return new ImportReport(database.file(), reports);
    }

    /**
     * Imports what {@code read} holds, reported as {@code name}; {@code source} is the file name its
     * events record as their origin ({@link OpenClawAttributes#FILE}).
     */
    private FileImportReport importRead(String name, String source, TranscriptImport read,
                                        Map<SessionId, String> importedThisRun) {
        List<String> warnings = new ArrayList<>();
        for (MalformedLine line : read.malformedLines()) {
            warnings.add("line " + line.lineNumber() + ": " + line.reason());
        }
        warnings.addAll(read.warnings());
        if (!read.ok()) {
            return new FileImportReport(name, null, Status.FAILED, 0, 0, read.malformedCount(), warnings,
                    read.error());
        }
        if (read.entries() == 0 && read.malformedCount() > 0) {
            return new FileImportReport(name, null, Status.FAILED, 0, 0, read.malformedCount(), warnings,
                    "no line could be read: " + read.malformedCount() + " malformed line(s), "
                            + (warnings.isEmpty() ? "" : "first " + warnings.get(0)));
        }
        SessionId session = read.sessionId();
        String earlier = importedThisRun.putIfAbsent(session, name);
        if (earlier != null) {
            return new FileImportReport(name, session, Status.SKIPPED, 0, read.entries(), read.malformedCount(),
                    warnings, "session " + session + " was already imported from " + earlier);
        }
        List<NewEvent> events = read.events();
        long stored = store.summary(session).map(SessionSummary::lastSequence).orElse(0L);
        if (stored > 0 && !cameFrom(session, source)) {
            return new FileImportReport(name, session, Status.SKIPPED, 0, read.entries(), read.malformedCount(),
                    warnings, "the store already holds a session " + session + " that was not imported from this file");
        }
        if (stored >= events.size()) {
            return new FileImportReport(name, session, Status.SKIPPED, 0, read.entries(), read.malformedCount(),
                    warnings, "already imported (" + stored + " events)");
        }
        try {
            long appended = dryRun ? events.size() - stored : append(session, events, stored);
            Status status = stored == 0 ? Status.IMPORTED : Status.RESUMED;
            String detail = (dryRun ? "dry run, nothing appended; " : "")
                    + (stored == 0 ? "" : "resumed after event " + stored + "; ")
                    + (read.malformedCount() == 0 ? "ok" : read.malformedCount() + " malformed line(s) left out");
            return new FileImportReport(name, session, status, appended, read.entries(), read.malformedCount(),
                    warnings, detail);
        } catch (InvalidEventException | SessionEndedException | WrongExpectedSequenceException e) {
            return new FileImportReport(name, session, Status.FAILED, 0, read.entries(), read.malformedCount(),
                    warnings, "the store refused the file's events: " + e.getMessage());
        }
    }

    /** Whether the stored session's first event says it was imported from a file named {@code name}. */
    private boolean cameFrom(SessionId session, String name) {
        List<RecordedEvent> first = store.read(session, 1, 1);
        if (first.isEmpty()) {
            return true;
        }
        String file = first.get(0).metadata().attributes().get(OpenClawAttributes.FILE);
        return file == null || file.equals(name) || file.endsWith("/" + name);
    }

    /**
     * Appends {@code events} after the first {@code stored}, batch after batch, each at most
     * {@value #BATCH} events and {@link EventSizes#MAX_BATCH_BYTES} estimated bytes (the stores refuse
     * an append over {@link SessionStore#MAX_APPEND_BYTES}); returns how many were appended.
     */
    private long append(SessionId session, List<NewEvent> events, long stored) {
        List<CompletableFuture<AppendResult>> pending = new ArrayList<>();
        int from = (int) stored;
        while (from < events.size()) {
            int to = from;
            long bytes = 0;
            while (to < events.size() && to - from < BATCH) {
                long size = EventSizes.of(events.get(to));
                if (to > from && bytes + size > EventSizes.MAX_BATCH_BYTES) {
                    break;
                }
                bytes += size;
                to++;
            }
            pending.add(submit(session, ExpectedSequence.exactly(from), events.subList(from, to)));
            from = to;
        }
        long appended = 0;
        for (CompletableFuture<AppendResult> future : pending) {
            try {
                AppendResult result = future.join();
                appended += result.duplicate() ? 0 : result.lastSequence() - result.firstSequence() + 1;
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
        }
        return appended;
    }

    /** Hands one batch to the writer, waiting briefly while its queue is full. */
    private CompletableFuture<AppendResult> submit(SessionId session, ExpectedSequence expected, List<NewEvent> batch) {
        for (int attempt = 0; ; attempt++) {
            try {
                CompletableFuture<AppendResult> future = store.appendAll(session, expected, batch);
                if (future.isCompletedExceptionally() && attempt < MAX_BUSY_RETRIES) {
                    try {
                        future.join();
                    } catch (CompletionException e) {
                        if (e.getCause() instanceof StoreBusyException) {
                            pause();
                            continue;
                        }
                    }
                }
                return future;
            } catch (StoreBusyException e) {
                if (attempt >= MAX_BUSY_RETRIES) {
                    throw e;
                }
                pause();
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the store was busy", e);
        }
    }
}
