package dev.sessionlog.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionlog.SessionStore;
import dev.sessionlog.store.ChronicleSessionStore;
import dev.sessionlog.store.StoreProblem;
import dev.sessionlog.store.StoreVerification;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * {@code GET /v1/store/checks}: the store's own check of every record ({@link
 * ChronicleSessionStore#verification()}, what {@code sessionlog verify} prints and {@code doctor}'s
 * record check counts): records that cannot be read, events the append rules would have refused,
 * the index disagreeing with the log, events the checkpoints knew that the log lost. Read-only.
 *
 * <p>It decodes every stored event, so it runs only when asked (the console's health page has a
 * button; it never runs on a page load), off the request's thread, and one run at a time: a request
 * that comes while a run is under way gets that run's answer instead of starting another. At most
 * {@value #MAX_LISTED_PROBLEMS} problems are listed, with the count of all. A store without such a
 * check (in memory, Kafka) answers {@code "available": false} and why.
 */
final class StoreChecks {
    /** The most problems one answer lists: a badly damaged store may have one per record. */
    static final int MAX_LISTED_PROBLEMS = 200;

    private final Supplier<StoreVerification> verification;
    private final String unavailable;
    private final Clock clock;
    /** The run under way, or null; guarded by {@code this}. */
    private CompletableFuture<Reply> running;

    private StoreChecks(Supplier<StoreVerification> verification, String unavailable, Clock clock) {
        this.verification = verification;
        this.unavailable = unavailable;
        this.clock = clock;
    }

    /** The checks of {@code store}: its verification when it is a Chronicle store. */
    static StoreChecks of(SessionStore store, Clock clock) {
        return store instanceof ChronicleSessionStore chronicle
                ? new StoreChecks(chronicle::verification, null, clock)
                : new StoreChecks(null, "only a Chronicle store can check its records; this is "
                        + store.getClass().getSimpleName(), clock);
    }

    /** The answer of the run under way, or of a new run on {@code executor}. */
    synchronized CompletableFuture<Reply> run(Executor executor) {
        if (verification == null) {
            return CompletableFuture.completedFuture(Reply.ok(Json.MAPPER.createObjectNode().put("available", false)
                    .put("reason", unavailable)));
        }
        if (running == null) {
            CompletableFuture<Reply> run = CompletableFuture.supplyAsync(this::check, executor);
            running = run;
            // a run that has already finished clears running here, on this thread: answer with run itself
            run.whenComplete((reply, failure) -> finished(run));
            return run;
        }
        return running;
    }

    private synchronized void finished(CompletableFuture<Reply> run) {
        if (running == run) {
            running = null;
        }
    }

    private Reply check() {
        Instant started = clock.instant();
        long startedNanos = System.nanoTime();
        StoreVerification result = verification.get();
        ObjectNode body = Json.MAPPER.createObjectNode().put("available", true);
        body.put("checkedAt", Views.instant(started));
        body.put("tookMillis", Duration.ofNanos(System.nanoTime() - startedNanos).toMillis());
        body.put("sessionsChecked", result.sessionsChecked());
        body.put("eventsChecked", result.eventsChecked());
        body.put("healthy", result.healthy());
        body.put("problemCount", result.problems().size());
        ArrayNode problems = body.putArray("problems");
        for (StoreProblem problem : result.problems().subList(0, Math.min(MAX_LISTED_PROBLEMS,
                result.problems().size()))) {
            problems.add(problem(problem));
        }
        body.put("truncated", result.problems().size() > MAX_LISTED_PROBLEMS);
        return Reply.ok(body);
    }

    private static ObjectNode problem(StoreProblem problem) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("kind", problem.kind().name().toLowerCase(Locale.ROOT));
        node.put("session", problem.session() == null ? null : problem.session().value());
        if (problem.sequence() > 0) {
            node.put("sequence", problem.sequence());
        } else {
            node.putNull("sequence");
        }
        node.put("file", problem.file());
        if (problem.offset() >= 0) {
            node.put("offset", problem.offset());
        } else {
            node.putNull("offset");
        }
        node.put("description", problem.description());
        return node;
    }
}
