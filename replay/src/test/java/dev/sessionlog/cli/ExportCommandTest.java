package dev.sessionlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionlog.openclaw.OpenClawFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportCommandTest {
    private static final String SESSION = "6f1c2a4e-8b0d-4c53-9a61-2f7e0d9b3c11";

    @TempDir
    Path tmp;

    private final InMemoryStoreOpener opener = new InMemoryStoreOpener();

    private CliRun imported(String... exportArgs) throws IOException {
        Path sessions = OpenClawFiles.sessionsDirectory(tmp);
        Path store = Files.createDirectories(tmp.resolve("store"));
        assertEquals(ExitCodes.OK, CliRun.run(opener, "--store", store.toString(), "import-openclaw",
                sessions.toString()).exitCode());
        String[] args = new String[exportArgs.length + 2];
        args[0] = "--store";
        args[1] = store.toString();
        System.arraycopy(exportArgs, 0, args, 2, exportArgs.length);
        return CliRun.run(opener, args);
    }

    @Test
    void an_imported_session_exports_back_to_the_same_entries() throws IOException {
        CliRun run = imported("export", SESSION, "--format", "openclaw-jsonl");
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        List<JsonNode> exported = CommandTestSupport.jsonLines(run.out());
        List<JsonNode> original = CommandTestSupport.jsonLines(OpenClawFiles.transcript(SESSION, 3));
        assertEquals(original.size(), exported.size(), run::toString);
        assertEquals("session", exported.get(0).get("type").asText());
        for (int i = 1; i < original.size(); i++) {
            assertEquals(original.get(i).get("id"), exported.get(i).get("id"), exported.get(i)::toString);
            assertEquals(original.get(i).get("parentId"), exported.get(i).get("parentId"), exported.get(i)::toString);
            assertEquals(original.get(i).get("type"), exported.get(i).get("type"), exported.get(i)::toString);
        }
        assertTrue(run.err().contains("entries written"), run::toString);
    }

    @Test
    void to_writes_a_new_file_and_never_overwrites() throws IOException {
        Path target = tmp.resolve("out.jsonl");
        CliRun first = imported("export", SESSION, "--format", "openclaw-jsonl", "--to", target.toString());
        assertEquals(ExitCodes.OK, first.exitCode(), first::toString);
        assertTrue(Files.readString(target).startsWith("{\"type\":\"session\""));
        CliRun second = CliRun.run(opener, "--store", tmp.resolve("store").toString(), "export", SESSION, "--format",
                "openclaw-jsonl", "--to", target.toString());
        assertEquals(ExitCodes.BAD_INPUT, second.exitCode(), second::toString);
        assertTrue(second.err().contains("never overwrites"), second::toString);
    }

    @Test
    void an_unknown_or_missing_format_is_a_usage_error() throws IOException {
        assertEquals(ExitCodes.USAGE, imported("export", SESSION, "--format", "csv").exitCode());
        assertEquals(ExitCodes.USAGE, CliRun.run(opener, "--store", tmp.resolve("store").toString(), "export",
                SESSION).exitCode());
    }

    @Test
    void a_file_in_a_directory_that_does_not_exist_is_refused_with_the_reason() throws IOException {
        Path missing = tmp.resolve("nonexistent/dir/x.jsonl");
        CliRun run = imported("export", SESSION, "--format", "openclaw-jsonl", "--to", missing.toString());
        assertEquals(ExitCodes.BAD_INPUT, run.exitCode(), run::toString);
        assertTrue(run.err().contains("the directory " + missing.getParent() + " does not exist"), run::toString);
        assertTrue(Files.notExists(missing.getParent()), "nothing is created");
    }
}
