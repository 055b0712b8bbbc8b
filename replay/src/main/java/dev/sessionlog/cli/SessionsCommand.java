package dev.sessionlog.cli;

import dev.sessionlog.SessionKey;
import dev.sessionlog.SessionQuery;
import dev.sessionlog.SessionSummary;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code sessions}: the session index, newest update first. */
@Command(name = "sessions", description = "List sessions, most recently updated first.")
final class SessionsCommand implements Callable<Integer> {
    @ParentCommand
    SessionlogCommand root;

    @Spec
    CommandSpec spec;

    @Option(names = "--key", paramLabel = "<sessionKey>", description = "Only sessions under this key.")
    SessionKey key;

    @Option(names = "--active", description = "Leave out ended sessions.")
    boolean active;

    @Option(names = "--limit", paramLabel = "<n>", defaultValue = "1000",
            description = "The most sessions listed (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() {
        Arguments.requireRange(spec, "--limit", limit, 1, SessionQuery.MAX_LIMIT);
        SessionQuery query = new SessionQuery(key, !active, null, limit);
        try (OpenedStore opened = root.openReadOnly(spec)) {
            List<SessionSummary> sessions = opened.store().sessions(query);
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
