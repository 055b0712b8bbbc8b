package dev.sessionlog.cli;

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
import dev.sessionlog.openclaw.MalformedLine;
import dev.sessionlog.openclaw.OpenClawAttributes;
import dev.sessionlog.openclaw.OpenClawSessionsDirectory;
import dev.sessionlog.openclaw.OpenClawTranscriptReader;
import dev.sessionlog.openclaw.SessionsIndex;
import dev.sessionlog.openclaw.TranscriptFile;
import dev.sessionlog.openclaw.TranscriptImport;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Imports the transcripts of an OpenClaw sessions directory into a store, one session per file.
 *
 * <p>Idempotent and resumable without any bookkeeping of its own: the events of a file are
 * appended in order, in batches, each batch expecting the session's last sequence to be where the
 * previous one ended. So a session holds a prefix of its file's events at any moment, even after
 * a kill. A later run compares the stored last sequence with the file's event count: equal means
 * imported (skipped), smaller means interrupted (the rest is appended). The source files are only
 * read.
 */
final class OpenClawImporter {
    private static final int BATCH = 512;
    private static final int MAX_BUSY_RETRIES = 1000;

    private final SessionStore store;
    private final OpenClawTranscriptReader reader;

    OpenClawImporter(SessionStore store, OpenClawTranscriptReader reader) {
        this.store = store;
        this.reader = reader;
    }

    /** Imports every transcript of {@code directory}, reporting each to {@code progress}. */
    List<FileReport> importAll(OpenClawSessionsDirectory directory, ImportProgress progress) {
        Map<SessionId, String> importedThisRun = new HashMap<>();
        List<FileReport> reports = new ArrayList<>();
        for (TranscriptFile file : directory.transcripts()) {
            FileReport report = importFile(file, directory.index(), importedThisRun);
            reports.add(report);
            progress.fileDone(report.appended());
        }
        return reports;
    }

    private FileReport importFile(TranscriptFile file, SessionsIndex index, Map<SessionId, String> importedThisRun) {
        String name = file.path().getFileName().toString();
        TranscriptImport read = reader.read(file, index);
        List<String> warnings = new ArrayList<>();
        for (MalformedLine line : read.malformedLines()) {
            warnings.add("line " + line.lineNumber() + ": " + line.reason());
        }
        warnings.addAll(read.warnings());
        if (!read.ok()) {
            return new FileReport(name, null, FileReport.Status.FAILED, 0, 0, read.malformedCount(), warnings,
                    read.error());
        }
        if (read.entries() == 0 && read.malformedCount() > 0) {
            return new FileReport(name, null, FileReport.Status.FAILED, 0, 0, read.malformedCount(), warnings,
                    "no line could be read: " + read.malformedCount() + " malformed line(s), "
                            + (warnings.isEmpty() ? "" : "first " + warnings.get(0)));
        }
        SessionId session = read.sessionId();
        String earlier = importedThisRun.putIfAbsent(session, name);
        if (earlier != null) {
            return new FileReport(name, session.value(), FileReport.Status.SKIPPED, 0, read.entries(),
                    read.malformedCount(), warnings, "session " + session + " was already imported from " + earlier);
        }
        List<NewEvent> events = read.events();
        long stored = store.summary(session).map(SessionSummary::lastSequence).orElse(0L);
        if (stored > 0 && !cameFrom(session, name)) {
            return new FileReport(name, session.value(), FileReport.Status.SKIPPED, 0, read.entries(),
                    read.malformedCount(), warnings, "the store already holds a session " + session
                    + " that was not imported from this file");
        }
        if (stored >= events.size()) {
            return new FileReport(name, session.value(), FileReport.Status.SKIPPED, 0, read.entries(),
                    read.malformedCount(), warnings, "already imported (" + stored + " events)");
        }
        try {
            long appended = append(session, events, stored);
            FileReport.Status status = stored == 0 ? FileReport.Status.IMPORTED : FileReport.Status.RESUMED;
            String detail = (stored == 0 ? "" : "resumed after event " + stored + "; ")
                    + (read.malformedCount() == 0 ? "ok" : read.malformedCount() + " malformed line(s) left out");
            return new FileReport(name, session.value(), status, appended, read.entries(), read.malformedCount(),
                    warnings, detail);
        } catch (InvalidEventException | SessionEndedException | WrongExpectedSequenceException e) {
            return new FileReport(name, session.value(), FileReport.Status.FAILED, 0, read.entries(),
                    read.malformedCount(), warnings, "the store refused the file's events: " + e.getMessage());
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

    /** Appends {@code events} after the first {@code stored}, batch after batch; returns how many were appended. */
    private long append(SessionId session, List<NewEvent> events, long stored) {
        List<CompletableFuture<AppendResult>> pending = new ArrayList<>();
        for (int from = (int) stored; from < events.size(); from += BATCH) {
            List<NewEvent> batch = events.subList(from, Math.min(events.size(), from + BATCH));
            pending.add(submit(session, ExpectedSequence.exactly(from), batch));
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
