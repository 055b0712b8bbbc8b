package dev.sessionlog.server;

import org.eclipse.jetty.http.HttpFields;

/**
 * The headers every answer carries, API and console alike, so a browser treats what the server
 * sends as strictly as possible: a Content-Security-Policy that allows this origin's own scripts,
 * styles, images and requests and nothing else (no inline script, no other origin, no framing), no
 * content-type sniffing, no referrer, and no caching of private data.
 */
final class SecurityHeaders {
    /** The console's policy: its own files only; no inline code, plugins, base rewrites or framing. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self'; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
            + "form-action 'self'; frame-ancestors 'none'";

    private SecurityHeaders() {}

    static void apply(HttpFields.Mutable headers) {
        headers.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("Referrer-Policy", "no-referrer");
        headers.put("X-Frame-Options", "DENY");
        headers.put("Cross-Origin-Opener-Policy", "same-origin");
        headers.put("Cross-Origin-Resource-Policy", "same-origin");
    }
}
