package dev.sessionlog.cli;

import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.SessionStore;
import dev.sessionlog.StoreCursor;
import dev.sessionlog.Subscription;
import dev.sessionlog.SubscriptionRequest;
import dev.sessionlog.codec.EventCodec;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code tail [-f]}: the newest events of the store (or of one session), and with -f every new one. */
@Command(name = "tail", description = {"Print the newest events of the store, or of one session.",
        "With --follow, keep printing new events as they are appended (JSON lines only)."})
final class TailCommand implements Callable<Integer> {
    @ParentCommand
    SessionlogCommand root;

    @Spec
    CommandSpec spec;

    @Option(names = {"-n", "--lines"}, paramLabel = "<n>", defaultValue = "20",
            description = "How many of the newest events to print first (default: ${DEFAULT-VALUE}).")
    int lines;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new events until interrupted.")
    boolean follow;

    @Option(names = "--session", paramLabel = "<session>", description = "Only this session's events.")
    SessionId session;

    @Option(names = "--max-events", paramLabel = "<n>",
            description = "With --follow: stop after printing this many new events.")
    Long maxEvents;

    @Override
    public Integer call() throws InterruptedException {
        Arguments.requireRange(spec, "--lines", lines, 0, 100_000);
        if (follow && root.output != null && root.output != OutputFormat.JSONL) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--follow writes JSON lines only: use it with --output jsonl (or without --output)");
        }
        if (maxEvents != null) {
            if (!follow) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--max-events needs --follow");
            }
            Arguments.requireAtLeast(spec, "--max-events", maxEvents, 1);
        }
        EventView view = new EventView(EventCodec.standard(), session == null);
        try (OpenedStore opened = root.openReadOnly(spec)) {
            SessionStore store = opened.store();
            if (session != null) {
                SessionNotFound.requireSession(spec, store, session);
            }
            // taken before the newest events are read, so nothing appended in between is missed
            StoreCursor end = follow && session == null ? opened.cursorAtEnd() : null;
            List<RecordedEvent> newest = session == null ? LatestEvents.of(store, lines)
                    : LatestEvents.of(store, session, lines);
            if (!follow) {
                root.output(spec).list(newest, view, "no events");
                return ExitCodes.OK;
            }
            Output output = new Output(OutputFormat.JSONL, spec.commandLine().getOut(), 0);
            newest.forEach(output.jsonLines(view));
            follow(store, followFrom(store, end, newest), output.jsonLines(view));
        }
        return ExitCodes.OK;
    }

    /**
     * What to follow from: for one session, the sequence after the newest one printed (or stored);
     * for the whole store, {@code end} moved past every event printed, in each partition.
     */
    private SubscriptionRequest followFrom(SessionStore store, StoreCursor end, List<RecordedEvent> printed) {
        if (session != null) {
            List<RecordedEvent> seen = !printed.isEmpty() ? printed : LatestEvents.of(store, session, 1);
            return SubscriptionRequest.session(session, seen.isEmpty() ? 1 : seen.get(seen.size() - 1).sequence() + 1);
        }
        StoreCursor cursor = end;
        for (RecordedEvent event : printed) {
            cursor = cursor.after(event);
        }
        return SubscriptionRequest.allFrom(cursor);
    }

    /** Prints every event {@code request} selects until interrupted or --max-events are printed. */
    private void follow(SessionStore store, SubscriptionRequest request, Consumer<RecordedEvent> sink)
            throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        AtomicLong remaining = new AtomicLong(maxEvents == null ? Long.MAX_VALUE : maxEvents);
        try (Subscription ignored = store.subscribe(request, event -> {
            if (remaining.getAndDecrement() > 0) {
                sink.accept(event);
            }
            if (remaining.get() <= 0) {
                done.countDown();
            }
        })) {
            done.await();
        }
    }
}
