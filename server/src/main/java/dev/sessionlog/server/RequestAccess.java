package dev.sessionlog.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

/**
 * What a request may do, and the console's sign-in. A bearer token grants everything (as before the
 * console); a console session cookie grants what its sign-in granted. A request that changes
 * anything with the cookie must also carry {@value #CONSOLE_HEADER}{@code : 1}, a header no form and
 * no cross-origin script without a CORS preflight (which this server never grants) can send, and an
 * {@code Origin}, when present, must be this server's. A read-only server refuses every change.
 */
final class RequestAccess {
    /** The header the console sends with every change: a cross-site form or request cannot. */
    static final String CONSOLE_HEADER = "X-Sessionlog-Console";

    private final AccessToken token;
    private final ConsoleSignIn signIn;
    private final boolean readOnly;

    RequestAccess(AccessToken token, ConsoleSignIn signIn, boolean readOnly) {
        this.token = token;
        this.signIn = signIn;
        this.readOnly = readOnly;
    }

    /**
     * What {@code request} may do.
     *
     * @throws ApiProblem {@code unauthorized} without a good token or cookie; {@code forbidden} for a
     *     change by cookie without the console's header or from another origin
     */
    ConsoleSignIn.Access authorize(Request request) {
        String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (header != null) {
            String presented = header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).strip() : null;
            if (!token.matches(presented)) {
                throw ApiProblem.unauthorized();
            }
            return ConsoleSignIn.Access.WRITE;
        }
        ConsoleSignIn.Access access = signIn.access(cookie(request)).orElseThrow(ApiProblem::unauthorized);
        if (!isRead(request.getMethod())) {
            requireConsoleHeader(request);
        }
        return access;
    }

    /** Whether {@code method} only reads: {@code GET}, and {@code HEAD}, its answer without the body. */
    static boolean isRead(String method) {
        return method.equals("GET") || method.equals("HEAD");
    }

    /** Refuses a change to a read-only server, or by a browser signed in with read access. */
    void requireWrite(ConsoleSignIn.Access access) {
        if (readOnly) {
            throw ApiProblem.forbidden("this server shows the store read-only: nothing can be changed through it");
        }
        if (access != ConsoleSignIn.Access.WRITE) {
            throw ApiProblem.forbidden("signed in with read access only: sign in with the token to change anything");
        }
    }

    /** The console's cross-site request check: its header, and no foreign Origin. */
    void requireConsoleHeader(Request request) {
        if (!"1".equals(request.getHeaders().get(CONSOLE_HEADER))) {
            throw ApiProblem.forbidden("a request signed in by cookie that changes anything must carry the header "
                    + CONSOLE_HEADER + ": 1 (cross-site request protection)");
        }
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        if (origin != null && !origin.equals(ownOrigin(request))) {
            throw ApiProblem.forbidden("a request from " + dev.sessionlog.util.Preconditions.quote(origin)
                    + " may not change anything here");
        }
    }

    /**
     * {@code POST /v1/console/sign-in}: a one-time code (read access) or the bearer token itself (the
     * write access the token has) exchanged for an HttpOnly, SameSite=Strict session cookie.
     */
    Reply signIn(Request request, Response response, byte[] bytes) {
        Body body = Body.parse(bytes);
        String code = body.optionalText("code");
        String presented = body.optionalText("token");
        if ((code == null) == (presented == null)) {
            throw ApiProblem.badRequest("give either \"code\" (from a sign-in link) or \"token\"");
        }
        ConsoleSignIn.Session session;
        if (code != null) {
            session = signIn.exchange(code).orElseThrow(() -> ApiProblem.signInRefused(
                    "this sign-in code is unknown, used or expired: ask the server for a new link, or sign in with the token"));
        } else if (token.matches(presented)) {
            session = signIn.open(readOnly ? ConsoleSignIn.Access.READ : ConsoleSignIn.Access.WRITE);
        } else {
            throw ApiProblem.signInRefused("this is not the server's token");
        }
        response.getHeaders().add(HttpHeader.SET_COOKIE, cookieHeader(request, session.cookie(),
                ConsoleSignIn.SESSION_LIFETIME.toSeconds()));
        return Reply.ok(describe(session.access()));
    }

    /** {@code POST /v1/console/sign-out}: ends the cookie's session and clears the cookie. */
    Reply signOut(Request request, Response response) {
        signIn.close(cookie(request));
        response.getHeaders().add(HttpHeader.SET_COOKIE, cookieHeader(request, "", 0));
        return Reply.ok(Json.MAPPER.createObjectNode().put("signedOut", true));
    }

    /** {@code {"access":"read"|"write","readOnly":…}}: what the console may offer. */
    ObjectNode describe(ConsoleSignIn.Access access) {
        return Json.MAPPER.createObjectNode().put("access", access.wire()).put("readOnly", readOnly);
    }

    /** A new one-time sign-in code, granting read access. */
    String issueSignInCode() {
        return signIn.issueCode(ConsoleSignIn.Access.READ);
    }

    /** The session cookie: script cannot read it, other sites never send it, and over TLS only TLS carries it. */
    private static String cookieHeader(Request request, String value, long maxAgeSeconds) {
        return ConsoleSignIn.COOKIE + "=" + value + "; Path=/; Max-Age=" + maxAgeSeconds + "; HttpOnly; SameSite=Strict"
                + (request.isSecure() ? "; Secure" : "");
    }

    private static String cookie(Request request) {
        for (HttpCookie cookie : Request.getCookies(request)) {
            if (cookie.getName().equals(ConsoleSignIn.COOKIE)) {
                return cookie.getValue();
            }
        }
        return null;
    }

    private static String ownOrigin(Request request) {
        HttpURI uri = request.getHttpURI();
        String scheme = uri.getScheme() == null ? "http" : uri.getScheme();
        int port = uri.getPort();
        boolean defaultPort = port < 0 || scheme.equals("http") && port == 80 || scheme.equals("https") && port == 443;
        return scheme + "://" + uri.getHost() + (defaultPort ? "" : ":" + port);
    }
}
