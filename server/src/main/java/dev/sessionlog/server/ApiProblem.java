package dev.sessionlog.server;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An RFC 9457 problem the API answers with: {@code {"type":"https://sessionlog.dev/problems/<name>",
 * "title","status","detail", …fields}}. Thrown by the request handling code and turned into the
 * response by {@link ApiHandler}; no stack trace, since it is an answer, not a fault.
 */
final class ApiProblem extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final String TYPE_PREFIX = "https://sessionlog.dev/problems/";

    private final String name;
    private final int status;
    private final String title;
    private final transient Map<String, Object> fields;
    private final transient Map<String, String> headers;

    private ApiProblem(String name, int status, String title, String detail, Map<String, Object> fields,
                       Map<String, String> headers) {
        super(detail, null, false, false);
        this.name = name;
        this.status = status;
        this.title = title;
        this.fields = fields;
        this.headers = headers;
    }

    static ApiProblem of(String name, int status, String title, String detail) {
        return new ApiProblem(name, status, title, detail, new LinkedHashMap<>(), new LinkedHashMap<>());
    }

    static ApiProblem badRequest(String detail) {
        return of("bad-request", 400, "Bad request", detail);
    }

    static ApiProblem notFound(String detail) {
        return of("not-found", 404, "Not found", detail);
    }

    static ApiProblem unauthorized() {
        return of("unauthorized", 401, "Unauthorized",
                "this request needs the header Authorization: Bearer <token> with the server's token")
                .header("WWW-Authenticate", "Bearer realm=\"sessionlog\"");
    }

    /** A console sign-in that failed: a code or token that is not (or no longer) good. */
    static ApiProblem signInRefused(String detail) {
        return of("unauthorized", 401, "Unauthorized", detail);
    }

    static ApiProblem forbidden(String detail) {
        return of("forbidden", 403, "Forbidden", detail);
    }

    static ApiProblem payloadTooLarge(long limit) {
        return of("payload-too-large", 413, "Payload too large",
                "the request body is larger than the " + limit + " bytes this server accepts")
                .with("limit", limit);
    }

    static ApiProblem methodNotAllowed(String method, String allowed) {
        return of("method-not-allowed", 405, "Method not allowed", method + " is not allowed here; use " + allowed)
                .header("Allow", allowed);
    }

    /** This problem with an extension member. */
    ApiProblem with(String field, Object value) {
        fields.put(field, value);
        return this;
    }

    /** This problem with a response header. */
    ApiProblem header(String header, String value) {
        headers.put(header, value);
        return this;
    }

    String name() {
        return name;
    }

    int status() {
        return status;
    }

    String title() {
        return title;
    }

    String detail() {
        return getMessage();
    }

    Map<String, Object> fields() {
        return fields;
    }

    Map<String, String> headers() {
        return headers;
    }
}
