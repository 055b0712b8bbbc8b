package dev.sessionlog.openclaw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionlog.InMemorySessionStore;
import dev.sessionlog.SessionId;
import dev.sessionlog.openclaw.FileImportReport.Status;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link OpenClawExport} of a stored session, and import followed by export through the library. */
class OpenClawExportTest {
    private static final SessionId SESSION = SessionId.of("6f1c2a4e-8b0d-4c53-9a61-2f7e0d9b3c11");

    @TempDir
    Path tmp;

    private final InMemorySessionStore store = InMemorySessionStore.create();

    @AfterEach
    void close() {
        store.close();
    }

    private ImportReport imported(Path sessions) throws IOException {
        return new OpenClawImport(store).importDirectory(OpenClawSessionsDirectory.scan(sessions), ImportListener.none());
    }

    @Test
    void an_imported_session_exports_back_to_the_same_entries() throws IOException {
        imported(OpenClawFiles.sessionsDirectory(tmp));
        StringWriter out = new StringWriter();
        ExportSummary summary = OpenClawExport.write(store, SESSION, out);

        List<ObjectNode> exported = OpenClawTestSupport.lines(out.toString());
        List<ObjectNode> original = OpenClawTestSupport.lines(OpenClawFiles.transcript(SESSION.value(), 3));
        assertEquals(original.size(), exported.size(), out::toString);
        assertEquals(original.size() - 1, summary.entries());
        assertEquals(0, summary.orphanToolResults());
        assertEquals("session", exported.get(0).get("type").asText());
        for (int i = 1; i < original.size(); i++) {
            assertTrue(OpenClawTestSupport.sameJson(original.get(i), exported.get(i)),
                    () -> "expected " + original + "\nexported " + exported);
        }
    }

    @Test
    void an_output_stream_gets_the_same_transcript_as_utf8() throws IOException {
        imported(OpenClawFiles.sessionsDirectory(tmp));
        StringWriter writer = new StringWriter();
        OpenClawExport.write(store, SESSION, writer);
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        OpenClawExport.write(store, SESSION, stream);
        assertEquals(writer.toString(), stream.toString(StandardCharsets.UTF_8));
    }

    @Test
    void a_session_the_store_does_not_hold_is_a_typed_error_and_nothing_is_written() {
        SessionId unknown = SessionId.of("no-such-session");
        StringWriter out = new StringWriter();
        SessionNotFoundException e = assertThrows(SessionNotFoundException.class,
                () -> OpenClawExport.write(store, unknown, out));
        assertEquals(unknown, e.session());
        assertEquals("", out.toString());
    }

    @Test
    void imports_and_exports_the_real_pi_fixtures_without_touching_them() throws IOException {
        Optional<Path> fixtures = OpenClawTestSupport.piFixtures();
        assumeTrue(fixtures.isPresent(), "pi fixtures not found at ../shared/fixtures/pi-sessions; skipping");
        Map<String, String> before = OpenClawFiles.fingerprint(fixtures.get());

        ImportReport report = imported(fixtures.get());
        assertTrue(report.failed().isEmpty(), report::toString);
        List<FileImportReport> imported = report.files().stream().filter(r -> r.status() == Status.IMPORTED).toList();
        assertEquals(2, imported.size(), report::toString);
        for (FileImportReport file : imported) {
            assertTrue(file.entries() > 1000, file::toString);
            StringWriter out = new StringWriter();
            ExportSummary summary = OpenClawExport.write(store, file.session(), out);
            assertEquals(file.entries() + 1, out.toString().lines().count(), file::toString);
            assertEquals(file.entries(), summary.entries(), file::toString);
        }
        assertEquals(before, OpenClawFiles.fingerprint(fixtures.get()));
    }
}
