package dev.sessionlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionlog.ExpectedSequence;
import dev.sessionlog.SessionId;
import dev.sessionlog.SessionKey;
import dev.sessionlog.event.SessionStarted;
import dev.sessionlog.event.UserMessageReceived;
import dev.sessionlog.store.ChronicleSessionStore;
import dev.sessionlog.store.ChronicleStoreOptions;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commands on a Chronicle store of several partitions: they reach every partition's sessions. */
class PartitionedStoreCliTest {
    private static final int PARTITIONS = 4;
    private static final int EXTRA_SESSIONS = 12;

    @TempDir
    Path tmp;

    private Path store;
    private final ChronicleStoreOpener opener = new ChronicleStoreOpener();

    @BeforeEach
    void fill() {
        store = tmp.resolve("store");
        try (ChronicleSessionStore writer = ChronicleSessionStore.open(store,
                ChronicleStoreOptions.defaults().withPartitions(PARTITIONS))) {
            Stores.fill(writer);
            for (int n = 0; n < EXTRA_SESSIONS; n++) {
                writer.append(extra(n), ExpectedSequence.noSession(), List.of(SessionStarted.initial(
                        SessionKey.of("agent:main:test:" + n), "main", "test"))).join();
            }
        }
    }

    private static SessionId extra(int n) {
        return SessionId.of("extra-" + n);
    }

    private CliRun run(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "--store";
        all[1] = store.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        return CliRun.run(opener, all);
    }

    @Test
    void every_read_command_works_and_reaches_every_partition() {
        for (List<String> command : List.of(List.of("sessions"), List.of("events", "alice-1"), List.of("tail"),
                List.of("replay", "alice-1"), List.of("failures"), List.of("verify"), List.of("stats"),
                List.of("doctor"), List.of("export", "alice-1", "--format", "openclaw-jsonl"))) {
            CliRun run = run(command.toArray(String[]::new));
            assertEquals(ExitCodes.OK, run.exitCode(), () -> command + "\n" + run);
        }
        Set<String> listed = new HashSet<>();
        for (JsonNode session : CommandTestSupport.parse(run("-o", "json", "sessions").out())) {
            listed.add(session.get("sessionId").asText());
        }
        assertEquals(EXTRA_SESSIONS + 2, listed.size(), listed.toString());
        assertTrue(run("stats").out().contains("storage.partitions"));
    }

    @Test
    void tail_prints_the_newest_events_across_partitions_newest_last() {
        List<JsonNode> events = CommandTestSupport.jsonLines(run("tail", "-n", "4").out());
        assertEquals(Set.of("extra-8", "extra-9", "extra-10", "extra-11"),
                Set.copyOf(events.stream().map(e -> e.get("sessionId").asText()).toList()));
        for (int i = 1; i < events.size(); i++) {
            assertTrue(Instant.parse(events.get(i - 1).get("recordedAt").asText())
                    .compareTo(Instant.parse(events.get(i).get("recordedAt").asText())) <= 0, events.toString());
        }
    }

    @Test
    void follow_prints_what_is_appended_afterwards_in_every_partition() throws Exception {
        CompletableFuture<CliRun> tail = CompletableFuture.supplyAsync(
                () -> run("tail", "-f", "-n", "0", "--max-events", Integer.toString(EXTRA_SESSIONS)));
        Set<String> appended = new HashSet<>();
        try (ChronicleSessionStore writer = ChronicleSessionStore.open(store, ChronicleStoreOptions.defaults())) {
            for (int round = 0; round < 200 && !tail.isDone(); round++) {
                for (int n = 0; n < EXTRA_SESSIONS; n++) {
                    writer.append(extra(n), ExpectedSequence.any(), List.of(UserMessageReceived.text(
                            "late-" + round + "-" + n, "message " + round))).join();
                }
                appended.add("round " + round);
                Thread.sleep(50);
            }
        }
        CliRun run = tail.get(10, TimeUnit.SECONDS);
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        List<JsonNode> events = CommandTestSupport.jsonLines(run.out());
        assertEquals(EXTRA_SESSIONS, events.size(), run::toString);
        Set<String> sessions = new HashSet<>();
        for (JsonNode event : events) {
            assertEquals("user_message_received", event.get("event").get("type").asText(),
                    "only events appended afterwards");
            sessions.add(event.get("sessionId").asText());
        }
        assertTrue(sessions.size() > 1, "events of several partitions: " + sessions + " after " + appended.size());
    }
}
