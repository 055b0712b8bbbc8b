package dev.sessionlog.cli;

import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.SessionStore;
import dev.sessionlog.codec.EventCodec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code events <session>}: a session's stored events in order. */
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

    @Option(names = "--last", paramLabel = "<n>", description = "Only the newest n events.")
    Integer last;

    @Option(names = "--limit", paramLabel = "<n>", defaultValue = "" + Integer.MAX_VALUE,
            description = "The most events printed.")
    int limit;

    @Override
    public Integer call() {
        Arguments.requireAtLeast(spec, "--from", from, 1);
        Arguments.requireRange(spec, "--limit", limit, 1, Integer.MAX_VALUE);
        if (last != null) {
            Arguments.requireRange(spec, "--last", last, 1, 1_000_000);
        }
        try (OpenedStore opened = root.openReadOnly(spec)) {
            SessionStore store = opened.store();
            SessionNotFound.requireSession(spec, store, session);
            List<RecordedEvent> events = last != null ? store.readLast(session, last) : read(store);
            root.output(spec).list(events, new EventView(EventCodec.standard(), false), "no events");
        }
        return ExitCodes.OK;
    }

    private List<RecordedEvent> read(SessionStore store) {
        List<RecordedEvent> events = new ArrayList<>();
        long next = from;
        while (events.size() < limit) {
            List<RecordedEvent> page = store.read(session, next, Math.min(PAGE, limit - events.size()));
            if (page.isEmpty()) {
                break;
            }
            events.addAll(page);
            next = page.get(page.size() - 1).sequence() + 1;
        }
        return events;
    }
}
