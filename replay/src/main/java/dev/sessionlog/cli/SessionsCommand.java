package dev.sessionlog.cli;

import dev.sessionlog.SessionKey;
import dev.sessionlog.SessionQuery;
import dev.sessionlog.SessionSummary;
import dev.sessionlog.failure.FailureKind;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code sessions}: the session index, newest update first. */
@Command(name = "sessions", description = "List sessions, most recently updated first (by their events' own times).")
final class SessionsCommand implements Callable<Integer> {
    @ParentCommand
    SessionlogCommand root;

    @Spec
    CommandSpec spec;

    @Option(names = "--key", paramLabel = "<sessionKey>",
            description = "Only sessions under this key or a key below it: agent:main finds agent:main:telegram:….")
    SessionKey key;

    @Option(names = "--active", description = "Leave out ended sessions.")
    boolean active;

    @Option(names = "--state", paramLabel = "<state>",
            description = "Only sessions in this state: ${COMPLETION-CANDIDATES} (AWAITING_MODEL: a model call is open).")
    SessionSummary.State state;

    @Option(names = "--provider", paramLabel = "<name>",
            description = "Only sessions whose provider (of the last call or override) is this one, such as anthropic.")
    String provider;

    @Option(names = "--model", paramLabel = "<name>",
            description = "Only sessions whose model (of the last call or override) is this one.")
    String model;

    @Option(names = "--failure", paramLabel = "<kind>",
            description = "Only sessions whose newest call failed this way: ${COMPLETION-CANDIDATES}.")
    FailureKind failure;

    @Option(names = "--since", paramLabel = "<time>", converter = TimeWindow.Converter.class,
            description = "Only sessions active since this time (updated at or after it). " + TimeWindow.SINCE_HELP)
    Instant since;

    @Option(names = "--until", paramLabel = "<time>", converter = TimeWindow.Converter.class,
            description = "Only sessions active before this time (created before it). " + TimeWindow.UNTIL_HELP)
    Instant until;

    @Option(names = "--limit", paramLabel = "<n>", defaultValue = "1000",
            description = "The most sessions listed (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() {
        Arguments.requireRange(spec, "--limit", limit, 1, SessionQuery.MAX_LIMIT);
        TimeWindow window = TimeWindow.of(spec, since, until);
        Arguments.requireText(spec, "--provider", provider);
        Arguments.requireText(spec, "--model", model);
        // The store's index applies what a SessionQuery can say. Two things it cannot, applied here:
        // --key matches at a ':' boundary (the query's text prefix only narrows to the keys that start
        // with it), and --until bounds when a session was created, not its last update (the window's
        // since half is the query's updatedSince already).
        SessionQuery query = SessionQuery.all().includeEnded(!active).updatedSince(since)
                .keyPrefix(key == null ? null : key.value()).provider(provider).model(model).lastFailure(failure)
                .state(state);
        Predicate<SessionSummary> ours = s -> KeyPrefix.matches(key, s.sessionKey())
                && window.overlaps(s.createdAt(), s.updatedAt());
        try (OpenedStore opened = root.openReadOnly(spec)) {
            List<SessionSummary> sessions = PostFilter.firstKept(n -> opened.store().sessions(query.limit(n)), ours,
                    limit, SessionQuery.MAX_LIMIT);
            root.output(spec).list(sessions, SummaryView.INSTANCE, "no sessions");
            if (sessions.size() == limit) {
                spec.commandLine().getErr().printf("sessions: showing the %d most recently updated; "
                        + "use --limit to see more%n", limit);
                spec.commandLine().getErr().flush();
            }
        }
        return ExitCodes.OK;
    }
}
