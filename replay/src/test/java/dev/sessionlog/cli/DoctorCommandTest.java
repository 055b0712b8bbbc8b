package dev.sessionlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessionlog.InMemorySessionStore;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionHandle;
import dev.sessionlog.SessionId;
import dev.sessionlog.SessionQuery;
import dev.sessionlog.SessionStore;
import dev.sessionlog.SessionSummary;
import dev.sessionlog.event.SessionStarted;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class DoctorCommandTest extends CommandTestSupport {

    @Test
    void a_healthy_store_exits_0() {
        CliRun run = run("doctor");
        assertEquals(ExitCodes.OK, run.exitCode(), run::toString);
        List<JsonNode> findings = jsonLines(run.out());
        assertTrue(findings.stream().allMatch(f -> f.get("status").asText().equals("OK")), run::toString);
        assertTrue(findings.stream().anyMatch(f -> f.get("detail").asText().contains("no model call is open")), run::toString);
    }

    @Test
    void a_call_open_past_its_deadline_is_reported_as_stuck_with_exit_1() {
        // a store whose clock stands an hour back and whose watchdog never runs: the call's deadline has long passed
        Clock past = Clock.fixed(Instant.now().minus(Duration.ofHours(1)), ZoneOffset.UTC);
        InMemorySessionStore stuck = InMemorySessionStore.builder().clock(past).watchdogInterval(Duration.ZERO).build();
        opener.put(dir, stuck);
        SessionHandle chat = stuck.session(SessionId.of("stuck-1"));
        chat.start(SessionStarted.initial(null, "main", "telegram"));
        chat.receiveUserMessage("m-1", "hello");
        chat.startModelCall("openai", "gpt-5", Duration.ofSeconds(60));

        CliRun run = run("doctor");
        assertEquals(ExitCodes.PROBLEMS_FOUND, run.exitCode(), run::toString);
        JsonNode stuckCall = jsonLines(run.out()).stream().filter(f -> f.get("status").asText().equals("PROBLEM"))
                .findFirst().orElseThrow();
        assertEquals("stuck-1", stuckCall.get("session").asText());
        assertTrue(stuckCall.get("detail").asText().startsWith("stuck: call"), stuckCall::toString);
    }

    @Test
    void an_index_that_says_more_than_the_log_holds_is_reported_with_both_ends() {
        // the store's one pass over its log ends a session's events one short of what its index says
        SessionId shortened = store.sessions(SessionQuery.all()).get(0).sessionId();
        long indexed = store.summary(shortened).orElseThrow().lastSequence();
        OpenedStore opened = opener.openReadOnly(dir);
        OpenedStore logShort = new ForwardingOpenedStore(opened) {
            @Override
            public void forEachEvent(Consumer<RecordedEvent> action) {
                opened.forEachEvent(event -> {
                    if (!event.sessionId().equals(shortened) || event.sequence() < indexed) {
                        action.accept(event);
                    }
                });
            }
        };

        List<Finding> problems = StoreDoctor.examine(logShort, Instant.now(), List.of()).stream()
                .filter(finding -> finding.status() == Finding.Status.PROBLEM).toList();
        assertEquals(1, problems.size(), problems::toString);
        assertEquals(shortened.value(), problems.get(0).session());
        assertEquals("the index says the last sequence is " + indexed + ", the log ends at " + (indexed - 1),
                problems.get(0).detail());
    }

    /** Every method handed to another opened store; a test overrides the one it changes. */
    private static class ForwardingOpenedStore implements OpenedStore {
        private final OpenedStore to;

        ForwardingOpenedStore(OpenedStore to) {
            this.to = to;
        }

        @Override
        public SessionStore store() {
            return to.store();
        }

        @Override
        public String description() {
            return to.description();
        }

        @Override
        public void forEachSession(Consumer<SessionSummary> action) {
            to.forEachSession(action);
        }

        @Override
        public void forEachEvent(Consumer<RecordedEvent> action) {
            to.forEachEvent(action);
        }

        @Override
        public Optional<String> damage() {
            return to.damage();
        }

        @Override
        public Verification verify() {
            return to.verify();
        }

        @Override
        public List<Problem> recordProblems() {
            return to.recordProblems();
        }

        @Override
        public List<Stat> storageStats() {
            return to.storageStats();
        }

        @Override
        public List<Stat> backup(Path destination) {
            return to.backup(destination);
        }

        @Override
        public long delete(SessionId session) {
            return to.delete(session);
        }

        @Override
        public int compact() {
            return to.compact();
        }

        @Override
        public void close() {
            to.close();
        }
    }
}
