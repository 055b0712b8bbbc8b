package dev.sessionlog.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionlog.AppendResult;
import dev.sessionlog.CallId;
import dev.sessionlog.ExpectedSequence;
import dev.sessionlog.NewEvent;
import dev.sessionlog.Projection;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.SessionQuery;
import dev.sessionlog.SessionStore;
import dev.sessionlog.SessionSummary;
import dev.sessionlog.event.ContentBlock;
import dev.sessionlog.event.ModelCallCompleted;
import dev.sessionlog.event.ModelCallFailed;
import dev.sessionlog.event.ModelCallStarted;
import dev.sessionlog.failure.FailureClassifier;
import dev.sessionlog.failure.FailureKind;
import dev.sessionlog.failure.ProviderError;
import dev.sessionlog.projection.SessionStatusProjection;
import dev.sessionlog.projection.TranscriptProjection;
import dev.sessionlog.projection.UserNotice;
import dev.sessionlog.projection.UserNoticeProjection;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What each endpoint does with the store, once the request is routed, authorized and its body
 * read: parse, call the store, and shape the answer. Errors are thrown (an {@link ApiProblem}, or
 * the store's typed exception that {@link Problems} maps).
 */
final class Endpoints {
    /** The most events one append request may carry. */
    static final int MAX_EVENTS_PER_APPEND = 1_000;
    /** The most events or sessions one read returns. */
    static final int MAX_PAGE = 1_000;
    private static final int DEFAULT_PAGE = 100;
    private static final long MAX_DEADLINE_MILLIS = Duration.ofDays(7).toMillis();
    private static final int MAX_STATUS = 999;

    private final SessionStore store;
    private final WireEvents wire;
    private final Views views;
    private final Clock clock;
    private final CallLookup calls;
    private final FailureClassifier classifier = FailureClassifier.standard();
    private final UserNoticeProjection notices = new UserNoticeProjection();

    Endpoints(SessionStore store, WireEvents wire, Views views, Clock clock) {
        this.store = store;
        this.wire = wire;
        this.views = views;
        this.clock = clock;
        this.calls = new CallLookup(store);
    }

    // ------------------------------------------------------------------ events

    CompletableFuture<Reply> append(SessionId session, byte[] bytes) {
        Body body = Body.parse(bytes);
        ExpectedSequence expected = expectedSequence(body.node("expectedSequence"));
        List<NewEvent> events = wire.decodeAll(body.node("events"), MAX_EVENTS_PER_APPEND);
        return store.appendAll(session, expected, events)
                .thenApply(result -> Reply.appended(result, Views.appendResult(result)));
    }

    private static ExpectedSequence expectedSequence(JsonNode value) {
        if (value == null) {
            return ExpectedSequence.any();
        }
        if (value.isTextual()) {
            return switch (value.textValue()) {
                case "any" -> ExpectedSequence.any();
                case "none" -> ExpectedSequence.noSession();
                default -> throw Body.wrongType("expectedSequence", "a sequence number, \"any\" or \"none\"", value);
            };
        }
        if (value.isIntegralNumber() && value.canConvertToLong() && value.longValue() >= 0) {
            return ExpectedSequence.exactly(value.longValue());
        }
        throw Body.wrongType("expectedSequence", "a sequence number (0 or more), \"any\" or \"none\"", value);
    }

    Reply readEvents(SessionId session, Query query) {
        Long last = query.longIn("last", 1, MAX_PAGE);
        if (last != null && (query.has("from") || query.has("limit"))) {
            throw ApiProblem.badRequest("give either \"last\" or \"from\" and \"limit\", not both");
        }
        requireSession(session);
        if (last != null) {
            List<RecordedEvent> events = store.readLast(session, last.intValue());
            return Reply.ok(eventsPage(events, null));
        }
        long from = orDefault(query.longIn("from", 1, Long.MAX_VALUE - MAX_PAGE), 1L);
        int limit = orDefault(query.longIn("limit", 1, MAX_PAGE), (long) DEFAULT_PAGE).intValue();
        List<RecordedEvent> events = store.read(session, from, limit);
        long next = events.isEmpty() ? from : events.get(events.size() - 1).sequence() + 1;
        return Reply.ok(eventsPage(events, next));
    }

    /** {@code {"events":[…],"nextSequence":n}}, the events as the codec wrote them, not re-parsed. */
    private byte[] eventsPage(List<RecordedEvent> events, Long nextSequence) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + events.size() * 512);
        out.writeBytes("{\"events\":[".getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < events.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.writeBytes(wire.encode(events.get(i)).json());
        }
        out.write(']');
        if (nextSequence != null) {
            out.writeBytes((",\"nextSequence\":" + nextSequence).getBytes(StandardCharsets.US_ASCII));
        }
        out.write('}');
        return out.toByteArray();
    }

    // ------------------------------------------------------------------ sessions and views

    Reply summary(SessionId session) {
        return Reply.ok(Views.summary(requireSession(session)));
    }

    Reply sessions(Query query) {
        int limit = orDefault(query.longIn("limit", 1, MAX_PAGE), (long) DEFAULT_PAGE).intValue();
        int offset = PageCursor.decode(query.text("cursor"));
        // the earlier pages, this one, and one more to tell whether there is a next page
        int wanted = (int) Math.min((long) offset + limit + 1, SessionQuery.MAX_LIMIT);
        List<SessionSummary> page = store.sessions(SessionFilter.of(query).limit(wanted));
        ArrayNode sessions = Json.MAPPER.createArrayNode();
        for (int i = offset; i < Math.min(page.size(), offset + limit); i++) {
            sessions.add(Views.summary(page.get(i)));
        }
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.set("sessions", sessions);
        body.put("nextCursor", page.size() > offset + limit ? PageCursor.encode(offset + limit) : null);
        return Reply.ok(body);
    }

    /** The model calls of {@code session} that started and have not ended, with the server's clock for their time left. */
    Reply openCalls(SessionId session) {
        SessionSummary summary = requireSession(session);
        ArrayNode calls = Json.MAPPER.createArrayNode();
        for (OpenCalls.OpenCall call : OpenCalls.of(store, summary)) {
            calls.add(Views.openCall(summary, call));
        }
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.put("now", Views.instant(clock.instant()));
        body.set("open", calls);
        return Reply.ok(body);
    }

    /** What {@code doctor} and {@code stats} say that the index can answer: counts, failures and open calls. */
    Reply storeHealth() {
        return Reply.ok(StoreHealth.of(store, clock.instant()));
    }

    Reply projection(SessionId session, String name, Query query) {
        Long atSequence = query.longIn("atSequence", 1, Long.MAX_VALUE);
        if (query.has("last") && !name.equals("transcript")) {
            throw ApiProblem.badRequest("only the transcript takes \"last\"");
        }
        requireSession(session);
        return switch (name) {
            case "transcript" -> Reply.ok(views.transcript(project(session, TranscriptProjection.INSTANCE, atSequence).transcript(),
                    query.longIn("last", 1, MAX_PAGE)));
            case "status" -> Reply.ok(Views.status(project(session, SessionStatusProjection.INSTANCE, atSequence).status()));
            case "notices" -> Reply.ok(Views.notices(project(session, notices, atSequence)));
            default -> throw ApiProblem.notFound("no projection named " + dev.sessionlog.util.Preconditions.quote(name)
                    + ": use transcript, status or notices");
        };
    }

    private <S> S project(SessionId session, Projection<S> projection, Long atSequence) {
        return atSequence == null ? store.project(session, projection)
                : store.projectUpTo(session, projection, atSequence);
    }

    private SessionSummary requireSession(SessionId session) {
        return store.summary(session).orElseThrow(() -> ApiProblem.notFound("no session " + session.value()));
    }

    // ------------------------------------------------------------------ the gateway facade

    Reply receiveMessage(SessionId session, byte[] bytes) {
        Body body = Body.parse(bytes);
        String messageId = body.text("messageId");
        if (body.has("text") == body.has("content")) {
            throw ApiProblem.badRequest("give the message as either \"text\" or \"content\" blocks");
        }
        List<ContentBlock> content = body.has("text") ? List.of(new ContentBlock.Text(body.text("text")))
                : wire.content(body.node("content"), "content");
        AppendResult result = store.session(session).receiveUserMessage(messageId, content);
        return Reply.appended(result, Views.appendResult(result));
    }

    CompletableFuture<Reply> startCall(SessionId session, byte[] bytes) {
        Body body = Body.parse(bytes);
        String callId = body.optionalText("callId");
        long deadlineMillis = body.longIn("deadlineMillis", 1, MAX_DEADLINE_MILLIS);
        long attempt = orDefault(body.optionalLongIn("attempt", 1, Integer.MAX_VALUE), 1L);
        ModelCallStarted started = new ModelCallStarted(callId == null ? CallId.random() : CallId.of(callId),
                body.text("provider"), body.text("model"), (int) attempt,
                clock.instant().plus(Duration.ofMillis(deadlineMillis)));
        return store.appendAll(session, ExpectedSequence.any(), List.of(NewEvent.of(started))).thenApply(result -> {
            ModelCallStarted stored = result.duplicate() ? storedStart(session, result, started) : started;
            calls.remember(session, stored);
            ObjectNode answer = Json.MAPPER.createObjectNode()
                    .put("callId", stored.callId().value())
                    .put("deadline", Views.instant(stored.deadline()))
                    .put("sequence", result.firstSequence())
                    .put("duplicate", result.duplicate());
            return Reply.appended(result, answer);
        });
    }

    /** For a retried start, the call as first stored (its deadline was computed then). */
    private ModelCallStarted storedStart(SessionId session, AppendResult result, ModelCallStarted retried) {
        List<RecordedEvent> original = store.read(session, result.firstSequence(), 1);
        return !original.isEmpty() && original.get(0).event() instanceof ModelCallStarted first ? first : retried;
    }

    Reply completeCall(SessionId session, CallId callId, byte[] bytes) {
        Body body = Body.parse(bytes);
        ModelCallCompleted completed = wire.completed(callId, body);
        requireCall(session, callId);
        AppendResult result = appendOutcome(session, callId, completed);
        return Reply.appended(result, Views.appendResult(result));
    }

    Reply failCall(SessionId session, CallId callId, byte[] bytes) {
        Body body = Body.parse(bytes);
        Long status = body.optionalLongIn("status", 0, MAX_STATUS);
        Long retryAfter = body.optionalLongIn("retryAfterMillis", 0, Long.MAX_VALUE / 1_000_000);
        ProviderError error = new ProviderError(body.optionalText("provider"),
                status == null ? null : status.intValue(), body.optionalText("code"), providerBody(body),
                body.optionalText("exceptionType"), retryAfter == null ? null : Duration.ofMillis(retryAfter));
        ModelCallStarted started = requireCall(session, callId);
        ProviderError attributed = error.provider() != null ? error : error.withProvider(started.provider());
        ModelCallFailed failed = ModelCallFailed.classified(callId, started.model(), attributed, classifier);
        AppendResult result = appendOutcome(session, callId, failed);
        List<RecordedEvent> stored = store.read(session, result.firstSequence(), 1);
        if (stored.isEmpty() || !(stored.get(0).event() instanceof ModelCallFailed recorded)) {
            throw new IllegalStateException("the stored failure of call " + callId.value() + " cannot be read back");
        }
        List<UserNotice> notice = notices.apply(notices.initial(), stored.get(0));
        ObjectNode answer = Json.MAPPER.createObjectNode()
                .put("kind", Views.wire(recorded.kind()))
                .put("notice", notice.get(0).text())
                .put("sequence", result.firstSequence())
                .put("retryable", recorded.retryable())
                .put("retryAfterMillis", recorded.retryAfter() == null ? null : recorded.retryAfter().toMillis())
                .put("duplicate", result.duplicate());
        return Reply.appended(result, answer);
    }

    /** The provider's body as given: a string, or JSON the gateway already parsed. */
    private static String providerBody(Body body) {
        JsonNode value = body.node("body");
        if (value == null) {
            return null;
        }
        return value.isTextual() ? value.textValue() : new String(Json.bytes(value), StandardCharsets.UTF_8);
    }

    /** Cancels; the body is optional and has no fields, but when given it must be a JSON object. */
    Reply cancelCall(SessionId session, CallId callId, byte[] bytes) {
        Body.parse(bytes);
        ModelCallStarted started = requireCall(session, callId);
        AppendResult result = appendOutcome(session, callId,
                ModelCallFailed.of(callId, started.provider(), started.model(), FailureKind.CANCELLED));
        return Reply.appended(result, Views.appendResult(result));
    }

    private ModelCallStarted requireCall(SessionId session, CallId callId) {
        return calls.find(session, callId).orElseThrow(() -> ApiProblem.notFound("no model call " + callId.value()
                + " in session " + session.value()));
    }

    private AppendResult appendOutcome(SessionId session, CallId callId, dev.sessionlog.event.SessionEvent outcome) {
        try {
            return store.appendAll(session, ExpectedSequence.any(), List.of(NewEvent.of(outcome))).join();
        } finally {
            calls.forget(session, callId); // ended now, or already: either way no later outcome needs it
        }
    }

    private static <T> T orDefault(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
