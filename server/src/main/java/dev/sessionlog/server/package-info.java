/**
 * {@code sessionlog serve}: a {@link dev.sessionlog.SessionStore} over HTTP for gateways written in
 * any language. {@link dev.sessionlog.server.SessionlogServer} serves the contract of the design's
 * "The HTTP API" (JSON bodies in the event codec's wire format, RFC 9457 problems, server-sent events
 * resumable with {@code Last-Event-ID}, a bearer token on everything but {@code /v1/health}); the
 * document {@code GET /v1/openapi.json} describes it. At {@code /} it serves the web console (static
 * files in the jar, signed in by one-time links exchanged for a session cookie: ADR 0018).
 * Everything but the server, its options and its token is package-private.
 */
package dev.sessionlog.server;
