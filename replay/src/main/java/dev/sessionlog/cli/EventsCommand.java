package dev.sessionlog.cli;

import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.SessionStore;
import dev.sessionlog.codec.EventCodec;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code events <session>}: a session's stored events in order, printed a page at a time. */
@Command(name = "events", description = "Print the events of one session, oldest first.")
final class EventsCommand implements Callable<Integer> {
    private static final int PAGE = 1024;

    @ParentCommand
    SessionlogCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<session>", description = "The session id.")
    SessionId session;

    @Option(names = "--from", paramLabel = "<seq>", defaultValue = "1",
            description = "Start at this sequence (default: ${DEFAULT-VALUE}).")
    long from;

    @Option(names = "--last", paramLabel = "<n>", description = "Only the newest n events (not with --from or --limit).")
    Integer last;

    @Option(names = "--limit", paramLabel = "<n>", defaultValue = "" + Integer.MAX_VALUE,
            description = "The most events printed.")
    int limit;

    @Option(names = "--since", paramLabel = "<time>", converter = TimeWindow.Converter.class,
            description = "Only events that happened at or after this time. " + TimeWindow.SINCE_HELP)
    Instant since;

    @Option(names = "--until", paramLabel = "<time>", converter = TimeWindow.Converter.class,
            description = TimeWindow.UNTIL_HELP)
    Instant until;

    @Override
    public Integer call() {
        Arguments.requireAtLeast(spec, "--from", from, 1);
        Arguments.requireRange(spec, "--limit", limit, 1, Integer.MAX_VALUE);
        if (last != null) {
            Arguments.requireRange(spec, "--last", last, 1, 1_000_000);
            Arguments.requireNotWith(spec, "--last", "--from", "--limit");
        }
        TimeWindow window = TimeWindow.of(spec, since, until);
        try (OpenedStore opened = root.openReadOnly(spec)) {
            SessionStore store = opened.store();
            SessionNotFound.requireSession(spec, store, session);
            EventView view = new EventView(EventCodec.standard(), false);
            if (last != null) {
                root.output(spec).list(store.readLast(session, last).stream().filter(e -> window.contains(e.occurredAt()))
                        .toList(), view, "no events");
            } else {
                root.output(spec).stream(pages(store, window), view, "no events");
            }
        }
        return ExitCodes.OK;
    }

    /**
     * The session's events from {@code --from} inside {@code window}, a page at a time, up to
     * {@code --limit}: never all at once.
     */
    private Supplier<List<RecordedEvent>> pages(SessionStore store, TimeWindow window) {
        long[] next = {from};
        long[] printed = {0};
        return () -> {
            while (printed[0] < limit) {
                List<RecordedEvent> read = store.read(session, next[0], PAGE);
                if (read.isEmpty()) {
                    return List.of();
                }
                next[0] = read.get(read.size() - 1).sequence() + 1;
                List<RecordedEvent> page = read.stream().filter(e -> window.contains(e.occurredAt()))
                        .limit(limit - printed[0]).toList();
                printed[0] += page.size();
                if (!page.isEmpty()) {
                    return page;
                }
            }
            return List.of();
        };
    }
}
