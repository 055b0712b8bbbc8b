package dev.sessionlog.openclaw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessionlog.EventMetadata;
import dev.sessionlog.ExpectedSequence;
import dev.sessionlog.InMemorySessionStore;
import dev.sessionlog.NewEvent;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.SessionQuery;
import dev.sessionlog.SessionStore;
import dev.sessionlog.SessionSummary;
import dev.sessionlog.event.SessionEnded;
import dev.sessionlog.event.SessionStarted;
import dev.sessionlog.openclaw.FileImportReport.Status;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link OpenClawImport} of a sessions directory into an in-memory store: idempotent, resumable, file by file. */
class OpenClawImportTest {
    private static final SessionId KEYED = SessionId.of("6f1c2a4e-8b0d-4c53-9a61-2f7e0d9b3c11");
    private static final SessionId BIG = SessionId.of("0a1b2c3d-0000-4000-8000-000000000002");

    @TempDir
    Path tmp;

    private final List<InMemorySessionStore> stores = new ArrayList<>();
    private Path sessions;
    private InMemorySessionStore store;

    @BeforeEach
    void files() {
        sessions = OpenClawFiles.sessionsDirectory(tmp);
        store = newStore();
    }

    @AfterEach
    void close() {
        stores.forEach(InMemorySessionStore::close);
    }

    private InMemorySessionStore newStore() {
        InMemorySessionStore created = InMemorySessionStore.create();
        stores.add(created);
        return created;
    }

    private ImportReport importInto(SessionStore target, ImportListener listener) {
        try {
            return new OpenClawImport(target).importDirectory(OpenClawSessionsDirectory.scan(sessions), listener);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ImportReport importInto(SessionStore target) {
        return importInto(target, ImportListener.none());
    }

    @Test
    void imports_every_transcript_with_a_report_per_file_and_skips_lock_files() {
        ImportReport report = importInto(store);

        assertEquals(4, report.files().size(), report::toString);
        assertEquals(List.of(3L, 0L, 1L, 0L), counts(report), report::toString);
        assertTrue(report.files().stream().anyMatch(r -> r.file().endsWith(".jsonl.lock")
                && r.status() == Status.SKIPPED && r.session() == null), report::toString);
        assertEquals(totalEvents(store), report.eventsAppended());
        assertEquals(sessions, report.directory());

        SessionSummary keyed = store.summary(KEYED).orElseThrow();
        assertEquals("agent:main:telegram:direct:111", keyed.sessionKey().value());
        SessionSummary archive = store.sessions(SessionQuery.all()).stream()
                .filter(s -> s.sessionId().value().startsWith("0a1b2c3d-0000-4000-8000-000000000003"))
                .findFirst().orElseThrow();
        assertTrue(archive.ended(), "an archive is imported as an ended session");
    }

    @Test
    void a_second_import_appends_nothing_and_the_source_files_are_never_changed() {
        Map<String, String> before = OpenClawFiles.fingerprint(sessions);
        assertTrue(importInto(store).failed().isEmpty());
        long events = totalEvents(store);

        ImportReport again = importInto(store);
        assertEquals(List.of(0L, 0L, 4L, 0L), counts(again), again::toString);
        assertEquals(0, again.eventsAppended(), again::toString);
        assertEquals(events, totalEvents(store));
        assertEquals(before, OpenClawFiles.fingerprint(sessions));
    }

    @Test
    void an_interrupted_import_is_finished_by_the_next_with_the_same_result_as_one_clean_import() {
        InMemorySessionStore clean = newStore();
        assertTrue(importInto(clean).failed().isEmpty());

        // an interrupted import: the big session holds only a prefix of its events (whole batches are atomic)
        TranscriptImport big = OpenClawTranscriptReader.standard().read(
                sessions.resolve(BIG.value() + ".jsonl"), SessionsIndex.read(sessions.resolve("sessions.json")));
        assertTrue(big.events().size() > 1000, "the big session spans several batches");
        store.appendAll(BIG, ExpectedSequence.noSession(), big.events().subList(0, 600)).join();

        ImportReport resumed = importInto(store);
        assertTrue(resumed.failed().isEmpty(), resumed::toString);
        FileImportReport bigReport = resumed.files().stream().filter(r -> BIG.equals(r.session())).findFirst()
                .orElseThrow();
        assertEquals(Status.RESUMED, bigReport.status());
        assertEquals(big.events().size() - 600, bigReport.appended());
        assertEquals(contents(clean), contents(store));
    }

    @Test
    void binary_garbage_fails_that_file_alone_and_the_others_still_import() throws IOException {
        byte[] garbage = new byte[64 * 1024];
        new Random(7).nextBytes(garbage);
        Files.write(sessions.resolve("0a1b2c3d-0000-4000-8000-00000000dead.jsonl"), garbage);

        ImportReport report = importInto(store);
        assertEquals(1, report.failed().size(), report::toString);
        FileImportReport failed = report.failed().get(0);
        assertEquals("0a1b2c3d-0000-4000-8000-00000000dead.jsonl", failed.file());
        assertEquals(0, failed.appended());
        assertEquals(3, report.count(Status.IMPORTED), report::toString);
        assertTrue(store.summary(SessionId.of("0a1b2c3d-0000-4000-8000-00000000dead")).isEmpty());
    }

    @Test
    void a_session_id_with_path_traversal_inside_a_file_is_refused() {
        OpenClawFiles.write(sessions.resolve("evil.jsonl"),
                "{\"type\":\"session\",\"version\":3,\"id\":\"../../../etc/passwd\",\"timestamp\":\"2026-04-13T09:41:05.012Z\"}\n"
                        + "{\"type\":\"message\",\"id\":\"00000001\",\"parentId\":null,\"timestamp\":\"2026-04-13T09:41:06.000Z\","
                        + "\"message\":{\"role\":\"user\",\"content\":\"hi\",\"timestamp\":1776073266000}}\n");
        ImportReport report = importInto(store);
        FileImportReport evil = report.files().stream().filter(r -> r.file().equals("evil.jsonl")).findFirst()
                .orElseThrow();
        assertEquals(Status.FAILED, evil.status(), evil::toString);
        assertNull(evil.session(), evil::toString);
        assertTrue(store.sessions(SessionQuery.all()).stream()
                .noneMatch(s -> s.sessionId().value().contains("..") || s.sessionId().value().contains("/")), report::toString);
    }

    @Test
    void a_second_file_naming_a_session_already_imported_by_this_import_is_skipped() {
        OpenClawFiles.write(sessions.resolve("copy-of-keyed.jsonl"), OpenClawFiles.transcript(KEYED.value(), 5));
        ImportReport report = importInto(store);

        FileImportReport copy = report.files().stream().filter(r -> r.file().equals("copy-of-keyed.jsonl"))
                .findFirst().orElseThrow();
        assertEquals(Status.SKIPPED, copy.status(), copy::toString);
        assertEquals(0, copy.appended());
        assertTrue(copy.detail().contains("already imported from " + KEYED.value() + ".jsonl"), copy::toString);
        long firstFileEvents = OpenClawTranscriptReader.standard().read(sessions.resolve(KEYED.value() + ".jsonl"),
                SessionsIndex.empty()).events().size();
        assertEquals(firstFileEvents, store.summary(KEYED).orElseThrow().lastSequence());
    }

    @Test
    void a_session_the_store_holds_from_another_file_is_skipped_and_left_as_it_was() {
        SessionStarted started = new SessionStarted(null, "main", "telegram", null, SessionStarted.Reason.IMPORT, null);
        store.appendAll(KEYED, ExpectedSequence.noSession(), List.of(new NewEvent(started,
                EventMetadata.attributes(Map.of(OpenClawAttributes.FILE, "another-file.jsonl"))))).join();

        ImportReport report = importInto(store);
        FileImportReport keyed = report.files().stream().filter(r -> KEYED.equals(r.session())).findFirst()
                .orElseThrow();
        assertEquals(Status.SKIPPED, keyed.status(), keyed::toString);
        assertTrue(keyed.detail().contains("not imported from this file"), keyed::toString);
        assertEquals(1, store.summary(KEYED).orElseThrow().lastSequence());
        assertEquals(2, report.count(Status.IMPORTED), report::toString);
    }

    @Test
    void a_store_refusing_a_files_events_fails_that_file_and_the_others_still_import() {
        TranscriptImport keyed = OpenClawTranscriptReader.standard().read(sessions.resolve(KEYED.value() + ".jsonl"),
                SessionsIndex.read(sessions.resolve("sessions.json")));
        List<NewEvent> endedEarly = new ArrayList<>(keyed.events().subList(0, 2));
        endedEarly.add(NewEvent.of(new SessionEnded(SessionEnded.Reason.RESET)));
        store.appendAll(KEYED, ExpectedSequence.noSession(), endedEarly).join();

        ImportReport report = importInto(store);
        assertEquals(1, report.failed().size(), report::toString);
        FileImportReport refused = report.failed().get(0);
        assertEquals(KEYED, refused.session());
        assertTrue(refused.detail().startsWith("the store refused the file's events"), refused::toString);
        assertEquals(3, store.summary(KEYED).orElseThrow().lastSequence());
        assertEquals(2, report.count(Status.IMPORTED), report::toString);
    }

    @Test
    void the_listener_hears_each_transcript_in_order_once_its_events_are_stored() {
        List<FileImportReport> heard = new ArrayList<>();
        List<Long> storedWhenHeard = new ArrayList<>();
        ImportReport report = importInto(store, file -> {
            heard.add(file);
            storedWhenHeard.add(store.summary(file.session()).map(SessionSummary::lastSequence).orElse(0L));
        });

        assertEquals(report.files().subList(0, 3), heard, "the transcripts, not the lock file");
        for (int i = 0; i < heard.size(); i++) {
            assertEquals(heard.get(i).appended(), storedWhenHeard.get(i), heard.get(i)::toString);
        }
    }

    /** Files imported, resumed, skipped and failed. */
    private static List<Long> counts(ImportReport report) {
        return List.of(report.count(Status.IMPORTED), report.count(Status.RESUMED), report.count(Status.SKIPPED),
                report.count(Status.FAILED));
    }

    private static long totalEvents(SessionStore store) {
        return store.sessions(SessionQuery.all()).stream().mapToLong(SessionSummary::lastSequence).sum();
    }

    /** Every session's events without the store-assigned ids and times. */
    private static List<String> contents(SessionStore store) {
        List<String> contents = new ArrayList<>();
        store.sessions(SessionQuery.all()).stream().map(SessionSummary::sessionId).sorted().forEach(id -> {
            for (RecordedEvent event : store.read(id, 1, Integer.MAX_VALUE)) {
                contents.add(id + " " + event.sequence() + " " + event.event() + " " + event.metadata());
            }
        });
        return contents;
    }

    private static String userLine(String id, String text) {
        return "{\"type\":\"message\",\"id\":\"" + id + "\",\"parentId\":null,\"timestamp\":\"2026-04-13T10:00:00.000Z\","
                + "\"message\":{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"" + text + "\"}]}}\n";
    }

    @Test
    void an_entry_too_large_for_one_event_is_stored_as_a_placeholder_naming_it_and_the_session_still_imports()
            throws IOException {
        String image = "{\"type\":\"message\",\"id\":\"ffff0001\",\"parentId\":null,\"timestamp\":\"2026-04-13T10:00:00.000Z\","
                + "\"message\":{\"role\":\"user\",\"content\":[{\"type\":\"image\",\"mimeType\":\"image/png\",\"data\":\""
                + "A".repeat(5 * 1024 * 1024) + "\"}]}}\n";
        Path dir = Files.createDirectories(tmp.resolve("big"));
        Files.writeString(dir.resolve(BIG.value() + ".jsonl"),
                OpenClawFiles.transcript(BIG.value(), 1) + image + userLine("ffff0002", "after the image"));

        ImportReport report = new OpenClawImport(store).importDirectory(OpenClawSessionsDirectory.scan(dir),
                ImportListener.none());

        FileImportReport file = report.files().get(0);
        assertEquals(Status.IMPORTED, file.status(), file::toString);
        assertTrue(file.warnings().stream().anyMatch(w -> w.contains("\"ffff0001\"") && w.contains("placeholder")),
                file::toString);
        List<RecordedEvent> events = store.read(BIG, 1, 1000);
        dev.sessionlog.event.CustomEntryRecorded placeholder = events.stream()
                .map(RecordedEvent::event).filter(dev.sessionlog.event.CustomEntryRecorded.class::isInstance)
                .map(dev.sessionlog.event.CustomEntryRecorded.class::cast)
                .filter(custom -> custom.customType().equals(EventSizes.DROPPED_TYPE)).findFirst().orElseThrow();
        assertTrue(placeholder.data().contains("\"entryId\":\"ffff0001\"") && placeholder.data().contains("\"role\":\"user\""),
                placeholder::data);
        assertTrue(events.get(events.size() - 1).event().toString().contains("after the image"));
    }

    @Test
    void large_entries_are_appended_in_batches_the_store_accepts() throws IOException {
        StringBuilder transcript = new StringBuilder(OpenClawFiles.transcript(BIG.value(), 1));
        for (int i = 0; i < 6; i++) {
            transcript.append(userLine(String.format("eeee%04d", i), String.valueOf((char) ('a' + i)).repeat(2 * 1024 * 1024)));
        }
        Path dir = Files.createDirectories(tmp.resolve("large"));
        Files.writeString(dir.resolve(BIG.value() + ".jsonl"), transcript);

        ImportReport report = new OpenClawImport(store).importDirectory(OpenClawSessionsDirectory.scan(dir),
                ImportListener.none());

        assertEquals(Status.IMPORTED, report.files().get(0).status(), report.files().get(0)::toString);
        assertEquals(report.files().get(0).appended(), store.summary(BIG).orElseThrow().lastSequence());
    }

    @Test
    void a_dry_run_reports_what_it_would_append_and_appends_nothing() throws IOException {
        ImportReport dry = new OpenClawImport(store).dryRun().importDirectory(OpenClawSessionsDirectory.scan(sessions),
                ImportListener.none());
        assertTrue(store.sessions(SessionQuery.all()).isEmpty(), "a dry run appends nothing");

        ImportReport real = new OpenClawImport(store).importDirectory(OpenClawSessionsDirectory.scan(sessions),
                ImportListener.none());

        assertEquals(real.files().stream().map(f -> f.file() + ":" + f.status() + ":" + f.appended()).toList(),
                dry.files().stream().map(f -> f.file() + ":" + f.status() + ":" + f.appended()).toList());
        assertTrue(dry.files().stream().filter(f -> f.status() == Status.IMPORTED)
                .allMatch(f -> f.detail().startsWith("dry run")), dry::toString);
        ImportReport again = new OpenClawImport(store).dryRun().importDirectory(OpenClawSessionsDirectory.scan(sessions),
                ImportListener.none());
        assertEquals(0, again.eventsAppended(), "after the import, a dry run would append nothing");
    }
}
