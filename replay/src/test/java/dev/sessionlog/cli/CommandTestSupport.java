package dev.sessionlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionlog.InMemorySessionStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A store filled by {@link Stores#fill} and helpers to run commands against it. */
abstract class CommandTestSupport {
    @TempDir
    Path dir;

    final InMemoryStoreOpener opener = new InMemoryStoreOpener();
    InMemorySessionStore store;

    @BeforeEach
    void fillStore() {
        store = opener.storeAt(dir);
        Stores.fill(store);
    }

    /** Runs with {@code --store} set, stdout not a terminal. */
    CliRun run(String... args) {
        List<String> all = new ArrayList<>(List.of("--store", dir.toString()));
        all.addAll(List.of(args));
        return CliRun.run(opener, all.toArray(String[]::new));
    }

    /** Runs as on a terminal (tables by default). */
    CliRun runOnTerminal(String... args) {
        List<String> all = new ArrayList<>(List.of("--store", dir.toString()));
        all.addAll(List.of(args));
        return CliRun.run(opener, true, Map.of(), all.toArray(String[]::new));
    }

    /** Runs and requires exit code 0. */
    CliRun ok(String... args) {
        CliRun run = run(args);
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        return run;
    }

    static List<JsonNode> jsonLines(String out) {
        return out.lines().map(CommandTestSupport::parse).toList();
    }

    static JsonNode parse(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
