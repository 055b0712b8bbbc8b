package dev.sessionlog.server;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The web console's sign-in: one-time codes, each exchanged once and soon for a cookie session.
 *
 * <p>A code travels in a link's fragment ({@code /#sign-in=CODE}), which browsers never send to a
 * server, so neither it nor the bearer token lands in an access log; the console posts it here and
 * gets an HttpOnly cookie. A code is single-use and lives {@link #CODE_LIFETIME}; a cookie session
 * lives {@link #SESSION_LIFETIME}. Both are 32 random bytes and are kept only in this process:
 * restarting the server signs every browser out. Both maps are bounded: at the bound, expired
 * entries go first, then any (a flood of sign-ins by the token's holder can sign another browser
 * out, never grow memory).
 */
final class ConsoleSignIn {
    /** How long a printed sign-in link works. */
    static final Duration CODE_LIFETIME = Duration.ofMinutes(10);
    /** How long a browser stays signed in. */
    static final Duration SESSION_LIFETIME = Duration.ofHours(12);
    /** The cookie that carries a console session. */
    static final String COOKIE = "sessionlog_console";
    private static final int MAX_ENTRIES = 10_000;

    /** What a signed-in browser may do: read only, or also the actions that write. */
    enum Access {
        READ, WRITE;

        String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private record Grant(Access access, Instant expires) {
    }

    private final SecureRandom random = new SecureRandom();
    private final Clock clock;
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    private final Map<String, Grant> sessions = new ConcurrentHashMap<>();

    ConsoleSignIn(Clock clock) {
        this.clock = clock;
    }

    /** A new single-use code granting {@code access}, valid for {@link #CODE_LIFETIME}. */
    String issueCode(Access access) {
        String code = randomValue();
        put(codes, code, new Grant(access, clock.instant().plus(CODE_LIFETIME)));
        return code;
    }

    /** Spends {@code code}: a new session's cookie value and access, or empty when the code is unknown, used or expired. */
    Optional<Session> exchange(String code) {
        if (code == null) {
            return Optional.empty();
        }
        Grant grant = codes.remove(code); // removed first: two racing exchanges cannot both win
        if (grant == null || !clock.instant().isBefore(grant.expires())) {
            return Optional.empty();
        }
        return Optional.of(open(grant.access()));
    }

    /** A new session for a browser that proved it holds the bearer token. */
    Session open(Access access) {
        String value = randomValue();
        put(sessions, value, new Grant(access, clock.instant().plus(SESSION_LIFETIME)));
        return new Session(value, access);
    }

    /** The access of the session {@code cookie} names, or empty when it names none (or one that expired). */
    Optional<Access> access(String cookie) {
        if (cookie == null) {
            return Optional.empty();
        }
        Grant grant = sessions.get(cookie);
        if (grant == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(grant.expires())) {
            sessions.remove(cookie);
            return Optional.empty();
        }
        return Optional.of(grant.access());
    }

    /** Ends the session {@code cookie} names, if any. */
    void close(String cookie) {
        if (cookie != null) {
            sessions.remove(cookie);
        }
    }

    private void put(Map<String, Grant> map, String key, Grant grant) {
        if (map.size() >= MAX_ENTRIES) {
            Instant now = clock.instant();
            map.values().removeIf(g -> !now.isBefore(g.expires()));
            Iterator<String> any = map.keySet().iterator();
            while (map.size() >= MAX_ENTRIES && any.hasNext()) {
                any.next();
                any.remove();
            }
        }
        map.put(key, grant);
    }

    private String randomValue() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A signed-in browser: the cookie's value and what it may do. */
    record Session(String cookie, Access access) {
    }
}
