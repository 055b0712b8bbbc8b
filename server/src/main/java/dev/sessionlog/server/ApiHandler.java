package dev.sessionlog.server;

import dev.sessionlog.CallId;
import dev.sessionlog.SessionId;
import dev.sessionlog.SessionStoreException;
import dev.sessionlog.SessionStore;
import dev.sessionlog.StoreCursor;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * Routes each request to its endpoint, after the token check, and writes the answer: JSON, an
 * RFC 9457 problem, or a stream of server-sent events.
 *
 * <p>Bodies are read asynchronously, bounded by the size limit, so a client trickling its body
 * holds no thread; the endpoint then runs on the thread that completed the read. Appends that do
 * not need a {@code SessionHandle} complete from the store's future without blocking.
 *
 * <p>{@code HEAD} is answered wherever {@code GET} is, as {@code GET} would be (status, headers,
 * {@code Content-Length} and {@code Content-Type}, the token rules, the problems) without the body,
 * which Jetty leaves out of a {@code HEAD} answer. A stream of server-sent events answers {@code HEAD}
 * with its headers only, once its parameters are checked, instead of opening the stream.
 */
final class ApiHandler extends Handler.Abstract {
    private static final String JSON = "application/json";
    private static final String PROBLEM_JSON = "application/problem+json";
    /** The session {@code /v1/health} looks up: any id does, the answer is not used. */
    private static final SessionId HEALTH_PROBE = SessionId.of("sessionlog-health-probe");

    private final SessionStore store;
    private final Endpoints endpoints;
    private final WireEvents wire;
    private final ServerOptions options;
    private final byte[] openApi;
    private final Set<EventStream> streams = ConcurrentHashMap.newKeySet();
    private final LiveFeed feed;
    private final RequestAccess access;
    private final ConsoleAssets assets = new ConsoleAssets();
    private final StoreChecks checks;

    ApiHandler(SessionStore store, AccessToken token, ServerOptions options, boolean readOnly) {
        this.store = store;
        this.options = options;
        this.access = new RequestAccess(token, new ConsoleSignIn(options.clock()), readOnly);
        this.wire = new WireEvents(dev.sessionlog.codec.EventCodec.standard());
        this.endpoints = new Endpoints(store, wire, new Views(dev.sessionlog.codec.EventCodec.standard()),
                options.clock());
        this.openApi = OpenApiDocument.bytes();
        this.feed = new LiveFeed(store);
        this.checks = StoreChecks.of(store, options.clock());
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        SecurityHeaders.apply(response.getHeaders());
        try {
            route(request, response, callback);
        } catch (RuntimeException e) {
            if (hasBody(request)) {
                closeAfter(response); // answered before its body was read
            }
            problem(response, callback, Problems.of(e));
        }
        return true;
    }

    private static boolean hasBody(Request request) {
        return request.getLength() > 0 || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
    }

    /**
     * Tells the client this connection ends with the answer. A request answered before its body was
     * read leaves bytes the server will not read; without this header a client would send its next
     * request on a connection the server is closing, and lose it.
     */
    private static void closeAfter(Response response) {
        if (!response.isCommitted()) {
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
        }
    }

    /**
     * Liveness: {@code 200 ok} while the store answers a read (one index lookup), else {@code 503
     * unavailable}, without the reason, since anyone may ask: a Kafka node whose replica stopped,
     * or a store that was closed, says so, and a supervisor that restarts the process mends it.
     */
    private Reply health() {
        try {
            store.summary(HEALTH_PROBE);
            return Reply.ok(Json.MAPPER.createObjectNode().put("status", "ok"));
        } catch (SessionStoreException e) {
            return Reply.unavailable(Json.MAPPER.createObjectNode().put("status", "unavailable"));
        }
    }

    private void route(Request request, Response response, Callback callback) {
        List<String> path = segments(request.getHttpURI().getPath());
        String method = request.getMethod();
        if (path.isEmpty() || !path.get(0).equals("v1")) {
            console(response, callback, path, method);
            return;
        }
        if (path.size() < 2) {
            throw ApiProblem.notFound("no resource at " + dev.sessionlog.util.Preconditions.quote(
                    request.getHttpURI().getPath()) + "; the API is under /v1 (see /v1/openapi.json)");
        }
        if (path.size() == 2 && path.get(1).equals("health")) {
            allow(method, "GET");
            reply(response, callback, health());
            return;
        }
        if (path.size() == 3 && path.get(1).equals("console") && path.get(2).equals("sign-in")) {
            allow(method, "POST");
            access.requireConsoleHeader(request);
            withBody(request, response, callback,
                    body -> CompletableFuture.completedFuture(access.signIn(request, response, body)));
            return;
        }
        ConsoleSignIn.Access granted = access.authorize(request);
        if (method.equals("POST") && !(path.size() == 3 && path.get(1).equals("console"))) {
            access.requireWrite(granted);
        }
        Query query = query(request);
        String resource = path.get(1);
        if (path.size() == 2 && resource.equals("openapi.json")) {
            allow(method, "GET");
            reply(response, callback, Reply.ok(openApi));
        } else if (path.size() == 2 && resource.equals("stream")) {
            allow(method, "GET");
            streamAll(request, response, callback, query);
        } else if (path.size() == 2 && resource.equals("sessions")) {
            allow(method, "GET");
            reply(response, callback, endpoints.sessions(query));
        } else if (path.size() == 2 && resource.equals("store")) {
            allow(method, "GET");
            reply(response, callback, endpoints.storeHealth());
        } else if (path.size() == 3 && resource.equals("store") && path.get(2).equals("checks")) {
            allow(method, "GET");
            replyWhenDone(response, callback, checks.run(getServer().getThreadPool()));
        } else if (path.size() == 3 && resource.equals("console") && path.get(2).equals("session")) {
            allow(method, "GET");
            reply(response, callback, Reply.ok(access.describe(granted)));
        } else if (path.size() == 3 && resource.equals("console") && path.get(2).equals("sign-out")) {
            allow(method, "POST");
            reply(response, callback, access.signOut(request, response));
        } else if (resource.equals("sessions")) {
            routeSession(request, response, callback, path, method, query);
        } else {
            throw ApiProblem.notFound("no resource at " + dev.sessionlog.util.Preconditions.quote(
                    request.getHttpURI().getPath()));
        }
    }

    // ------------------------------------------------------------------ the web console

    /** {@code /} is the console's page (every view of it, the view is in the fragment); {@code /console/NAME} its files. */
    private void console(Response response, Callback callback, List<String> path, String method) {
        allow(method, "GET");
        ConsoleAssets.Asset asset;
        if (path.isEmpty()) {
            asset = assets.page();
        } else if (path.size() == 2 && path.get(0).equals("console")) {
            asset = assets.find(path.get(1)).orElseThrow(() -> ApiProblem.notFound("the console has no file "
                    + dev.sessionlog.util.Preconditions.quote(path.get(1))));
        } else {
            throw ApiProblem.notFound("no resource here: the console is at / and the API under /v1");
        }
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, asset.contentType());
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        response.write(true, ByteBuffer.wrap(asset.bytes()), callback);
    }

    private void routeSession(Request request, Response response, Callback callback, List<String> path,
                              String method, Query query) {
        SessionId session = SessionId.of(path.get(2));
        String sub = path.size() > 3 ? path.get(3) : null;
        if (sub == null) {
            allow(method, "GET");
            reply(response, callback, endpoints.summary(session));
        } else if (path.size() == 4 && sub.equals("events")) {
            allow(method, "GET, POST");
            if (RequestAccess.isRead(method)) {
                reply(response, callback, endpoints.readEvents(session, query));
            } else {
                withBody(request, response, callback, body -> endpoints.append(session, body));
            }
        } else if (path.size() == 4 && sub.equals("stream")) {
            allow(method, "GET");
            streamSession(request, response, callback, session, query);
        } else if (path.size() == 4 && sub.equals("messages")) {
            allow(method, "POST");
            withBody(request, response, callback,
                    body -> CompletableFuture.completedFuture(endpoints.receiveMessage(session, body)));
        } else if (path.size() == 4 && sub.equals("calls")) {
            allow(method, "GET, POST");
            if (RequestAccess.isRead(method)) {
                reply(response, callback, endpoints.openCalls(session));
                return;
            }
            withBody(request, response, callback, body -> endpoints.startCall(session, body));
        } else if (path.size() == 6 && sub.equals("calls")) {
            CallId callId = CallId.of(path.get(4));
            allow(method, "POST");
            switch (path.get(5)) {
                case "complete" -> withBody(request, response, callback,
                        body -> CompletableFuture.completedFuture(endpoints.completeCall(session, callId, body)));
                case "fail" -> withBody(request, response, callback,
                        body -> CompletableFuture.completedFuture(endpoints.failCall(session, callId, body)));
                case "cancel" -> withBody(request, response, callback,
                        body -> CompletableFuture.completedFuture(endpoints.cancelCall(session, callId, body)), true);
                default -> throw ApiProblem.notFound("a call has complete, fail and cancel, not "
                        + dev.sessionlog.util.Preconditions.quote(path.get(5)));
            }
        } else if (path.size() == 5 && sub.equals("projections")) {
            allow(method, "GET");
            reply(response, callback, endpoints.projection(session, path.get(4), query));
        } else {
            throw ApiProblem.notFound("no resource at " + dev.sessionlog.util.Preconditions.quote(
                    request.getHttpURI().getPath()));
        }
    }

    // ------------------------------------------------------------------ auth, paths, queries

    /** Refuses a method the resource does not take; {@code HEAD} goes wherever {@code GET} does. */
    private static void allow(String method, String allowed) {
        for (String one : allowed.split(", ")) {
            if (one.equals(method) || one.equals("GET") && method.equals("HEAD")) {
                return;
            }
        }
        throw ApiProblem.methodNotAllowed(method, allowed.replace("GET", "GET, HEAD"));
    }

    /** The path's segments, each percent-decoded on its own, so an encoded {@code /} stays inside its segment. */
    static List<String> segments(String rawPath) {
        List<String> segments = new ArrayList<>();
        for (String raw : rawPath.split("/", -1)) {
            if (!raw.isEmpty()) {
                segments.add(percentDecode(raw));
            }
        }
        return segments;
    }

    private static String percentDecode(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                int high = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
                int low = high >= 0 ? Character.digit(raw.charAt(i + 2), 16) : -1;
                if (low < 0) {
                    throw ApiProblem.badRequest("the path holds a malformed percent-encoding");
                }
                bytes.write(high * 16 + low);
                i += 2;
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static Query query(Request request) {
        Fields fields;
        try {
            fields = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            throw ApiProblem.badRequest("the query string is malformed");
        }
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        for (Fields.Field field : fields) {
            parameters.put(field.getName(), field.getValues());
        }
        return new Query(parameters);
    }

    // ------------------------------------------------------------------ bodies and answers

    private void withBody(Request request, Response response, Callback callback,
                          Function<byte[], CompletableFuture<Reply>> endpoint) {
        withBody(request, response, callback, endpoint, false);
    }

    /** Reads the body (bounded), then runs {@code endpoint}; an empty body is allowed when {@code optional}. */
    private void withBody(Request request, Response response, Callback callback,
                          Function<byte[], CompletableFuture<Reply>> endpoint, boolean optional) {
        long limit = options.maxRequestBytes();
        long declared = request.getLength();
        if (declared > limit) {
            throw ApiProblem.payloadTooLarge(limit);
        }
        Content.Source.asByteArrayAsync(request, (int) limit + 1).whenComplete((body, readFailure) -> {
            if (readFailure != null) {
                abortOrAnswer(response, callback, readFailure, limit);
                return;
            }
            if (body.length > limit) {
                closeAfter(response);
                problem(response, callback, ApiProblem.payloadTooLarge(limit));
                return;
            }
            CompletableFuture<Reply> answer;
            try {
                answer = optional && body.length == 0 ? endpoint.apply("{}".getBytes(StandardCharsets.US_ASCII))
                        : endpoint.apply(body);
            } catch (RuntimeException e) {
                problem(response, callback, Problems.of(e));
                return;
            }
            replyWhenDone(response, callback, answer);
        });
    }

    /**
     * A body that could not be read: too large (Jetty stops at the limit), or the client went away
     * mid-request, when there is no one to answer and the exchange is just failed.
     */
    private static void abortOrAnswer(Response response, Callback callback, Throwable failure, long limit) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof IllegalArgumentException || cause instanceof IllegalStateException) {
            closeAfter(response);
            problem(response, callback, ApiProblem.payloadTooLarge(limit));
        } else {
            callback.failed(cause);
        }
    }

    private static void replyWhenDone(Response response, Callback callback, CompletableFuture<Reply> answer) {
        answer.whenComplete((reply, failure) -> {
            if (failure != null) {
                problem(response, callback, Problems.of(failure));
            } else {
                reply(response, callback, reply);
            }
        });
    }

    private static void reply(Response response, Callback callback, Reply reply) {
        response.setStatus(reply.status());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, JSON);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(reply.json()), callback);
    }

    static void problem(Response response, Callback callback, ApiProblem problem) {
        if (response.isCommitted()) {
            callback.failed(problem);
            return;
        }
        response.setStatus(problem.status());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, PROBLEM_JSON);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        problem.headers().forEach((name, value) -> response.getHeaders().put(name, value));
        response.write(true, ByteBuffer.wrap(Problems.json(problem)), callback);
    }

    // ------------------------------------------------------------------ server-sent events

    private void streamSession(Request request, Response response, Callback callback, SessionId session,
                               Query query) {
        String lastEventId = request.getHeaders().get("Last-Event-ID");
        long from;
        if (lastEventId != null && !lastEventId.isBlank()) {
            from = sequenceAfter(lastEventId.strip());
        } else {
            Long given = query.longIn("from", 1, Long.MAX_VALUE);
            from = given == null ? 1 : given;
        }
        if (request.getMethod().equals("HEAD")) {
            streamHeadersOnly(response, callback);
            return;
        }
        EventStream stream = openStream(response, callback);
        try {
            new SessionStream(stream, wire, store, session, from, getServer().getThreadPool(),
                    getServer().getScheduler(), options.streamQueueFrames() * 4).open(feed);
        } catch (RuntimeException e) {
            streams.remove(stream);
            throw e; // the store refused the feed's subscription before anything was sent
        }
    }

    private static long sequenceAfter(String lastEventId) {
        try {
            long sequence = Long.parseLong(lastEventId);
            if (sequence >= 0 && sequence < Long.MAX_VALUE) {
                return sequence + 1;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiProblem.badRequest("Last-Event-ID must be the sequence of an event of this stream, was "
                + dev.sessionlog.util.Preconditions.quote(lastEventId));
    }

    private void streamAll(Request request, Response response, Callback callback, Query query) {
        String lastEventId = request.getHeaders().get("Last-Event-ID");
        String given = lastEventId != null && !lastEventId.isBlank() ? lastEventId.strip() : query.text("cursor");
        StoreCursor from = given == null ? StoreCursor.start() : StoreCursor.decode(given);
        if (request.getMethod().equals("HEAD")) {
            streamHeadersOnly(response, callback);
            return;
        }
        EventStream stream = openStream(response, callback);
        try {
            new StoreStream(stream, wire, from, options.streamStallLimit()).open(store);
        } catch (RuntimeException e) {
            streams.remove(stream);
            throw e; // nothing was sent: the caller answers with a problem
        }
    }

    /** {@code HEAD} of a stream: the headers a {@code GET} would start with, and no stream. */
    private static void streamHeadersOnly(Response response, Callback callback) {
        streamHeaders(response);
        response.write(true, null, callback);
    }

    private static void streamHeaders(Response response) {
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put("X-Accel-Buffering", "no");
    }

    /** A stream on {@code response}, tracked until it ends; its source starts it. */
    private EventStream openStream(Response response, Callback callback) {
        streamHeaders(response);
        EventStream[] opened = new EventStream[1];
        Callback done = new Callback() {
            @Override
            public void succeeded() {
                streams.remove(opened[0]);
                callback.succeeded();
            }

            @Override
            public void failed(Throwable cause) {
                streams.remove(opened[0]);
                callback.failed(cause);
            }
        };
        opened[0] = new EventStream(response, done, getServer().getScheduler(), options);
        streams.add(opened[0]);
        return opened[0];
    }

    /** A new one-time sign-in code for the console, granting read access. */
    String issueSignInCode() {
        return access.issueSignInCode();
    }

    int openStreams() {
        return streams.size();
    }

    /** Ends every open stream: the server is stopping. Clients resume with Last-Event-ID elsewhere or later. */
    void closeStreams() {
        feed.close();
        for (EventStream stream : streams) {
            stream.close(new java.io.EOFException("the server is stopping"));
        }
        streams.clear();
    }
}
