package dev.sessionlog.cli;

import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.SessionKey;
import dev.sessionlog.SessionQuery;
import dev.sessionlog.SessionStore;
import dev.sessionlog.SessionSummary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Predicate;

/**
 * {@code search}: the events whose text ({@link SearchableText}) contains a string, ignoring case,
 * in the sessions a query selects, newest session first and each session in order. It reads the
 * newest selected sessions through the store's index a page at a time and stops at the limit, and
 * the rest, if it gets that far, in one pass over the log ({@link #run(OpenedStore)}); sessions
 * whose dates lie outside the time window are not read at all.
 *
 * @param text what to look for (at least one character)
 * @param session only this session, or null
 * @param key only sessions under this key prefix ({@link KeyPrefix}), or null
 * @param kinds only events of these kinds; empty for all
 * @param window only events that happened inside it
 * @param limit the most matches
 */
record TranscriptSearch(String text, SessionId session, SessionKey key, Set<SearchKind> kinds, TimeWindow window,
                        int limit) {
    private static final int SNIPPET_CONTEXT = 50;
    /** How many of the newest sessions a search reads one by one before it reads the log in one pass. */
    static final int SESSION_BY_SESSION = 1_000;

    /**
     * One match.
     *
     * @param session the session
     * @param sequence the event's sequence
     * @param at when it happened ({@link RecordedEvent#occurredAt()})
     * @param kind what the event is
     * @param eventType the event's type name
     * @param snippet the text around the first occurrence, on one line
     */
    record Match(SessionId session, long sequence, Instant at, SearchKind kind, String eventType, String snippet) {}

    /** Copies the kinds. */
    TranscriptSearch {
        kinds = Set.copyOf(kinds);
    }

    /**
     * The matches in {@code opened}'s store, at most {@link #limit()}: the newest
     * {@value #SESSION_BY_SESSION} sessions selected are read one by one, which stops as soon as
     * the limit is reached; the older ones, when the limit is not reached by then, in one pass over
     * the log ({@link OpenedStore#forEachEvent}), since reading a million sessions one by one seeks
     * the log once per record (minutes), and the pass keeps only the first matches in the same order.
     */
    List<Match> run(OpenedStore opened) {
        return run(opened, SESSION_BY_SESSION);
    }

    /** As {@link #run(OpenedStore)}, reading the newest {@code oneByOne} sessions one by one. */
    List<Match> run(OpenedStore opened, int oneByOne) {
        List<SessionId> selected = sessions(opened.store());
        int first = Math.min(selected.size(), oneByOne);
        List<Match> matches = run(opened.store(), selected.subList(0, first));
        if (matches.size() >= limit || first == selected.size()) {
            return matches;
        }
        Map<SessionId, Integer> ranks = new HashMap<>();
        for (int rank = first; rank < selected.size(); rank++) {
            ranks.put(selected.get(rank), rank);
        }
        int wanted = limit - matches.size();
        Comparator<Ranked> order = Comparator.comparingInt(Ranked::rank)
                .thenComparingLong(ranked -> ranked.match().sequence());
        PriorityQueue<Ranked> kept = new PriorityQueue<>(order.reversed()); // the last of the first kept on top
        opened.forEachEvent(event -> {
            Integer rank = ranks.get(event.sessionId());
            Match match = rank == null ? null : match(event);
            if (match == null) {
                return;
            }
            kept.add(new Ranked(rank, match));
            if (kept.size() > wanted) {
                kept.poll();
            }
        });
        kept.stream().sorted(order).map(Ranked::match).forEach(matches::add);
        return matches;
    }

    /** A match with the place of its session in the newest-first order. */
    private record Ranked(int rank, Match match) {}

    /** The matches in the {@code selected} sessions of {@code store}, at most {@link #limit()}, read one by one. */
    private List<Match> run(SessionStore store, List<SessionId> selected) {
        List<Match> matches = new ArrayList<>();
        for (SessionId id : selected) {
            SessionEvents.forEachWhile(store, id, event -> {
                Match match = match(event);
                if (match != null) {
                    matches.add(match);
                }
                return matches.size() < limit;
            });
            if (matches.size() >= limit) {
                break;
            }
        }
        return matches;
    }

    private List<SessionId> sessions(SessionStore store) {
        if (session != null) {
            return List.of(session);
        }
        // the index narrows to the keys starting with the text and to the window's since; this cuts at ':' and until
        SessionQuery narrowed = SessionQuery.all().keyPrefix(key == null ? null : key.value())
                .updatedSince(window.since());
        Predicate<SessionSummary> selected = s -> KeyPrefix.matches(key, s.sessionKey())
                && window.overlaps(s.createdAt(), s.updatedAt());
        return store.sessions(narrowed).stream().filter(selected).map(SessionSummary::sessionId).toList();
    }

    /** The match {@code event} makes, or null. */
    Match match(RecordedEvent event) {
        SearchableText.Text searchable = SearchableText.of(event.event());
        if (searchable == null || !kinds.isEmpty() && !kinds.contains(searchable.kind())
                || !window.contains(event.occurredAt())) {
            return null;
        }
        int at = indexOfIgnoreCase(searchable.text(), text);
        if (at < 0) {
            return null;
        }
        return new Match(event.sessionId(), event.sequence(), event.occurredAt(), searchable.kind(),
                event.event().getClass().getSimpleName(), snippet(searchable.text(), at, text.length()));
    }

    /** Where {@code needle} first occurs in {@code haystack}, ignoring case; -1 when it does not. */
    static int indexOfIgnoreCase(String haystack, String needle) {
        int last = haystack.length() - needle.length();
        char first = needle.charAt(0);
        char firstUpper = Character.toUpperCase(first);
        char firstLower = Character.toLowerCase(first);
        for (int i = 0; i <= last; i++) {
            char c = haystack.charAt(i);
            if ((c == first || c == firstUpper || c == firstLower || Character.toLowerCase(c) == firstLower)
                    && haystack.regionMatches(true, i, needle, 0, needle.length())) {
                return i;
            }
        }
        return -1;
    }

    private static String snippet(String text, int at, int length) {
        int from = Math.max(0, at - SNIPPET_CONTEXT);
        int to = Math.min(text.length(), at + length + SNIPPET_CONTEXT);
        if (from > 0 && Character.isLowSurrogate(text.charAt(from))) {
            from--;
        }
        if (to < text.length() && Character.isLowSurrogate(text.charAt(to))) {
            to++;
        }
        return (from > 0 ? "…" : "") + TableRenderer.singleLine(text.substring(from, to)).strip()
                + (to < text.length() ? "…" : "");
    }
}
