package dev.sessionlog.cli;

import dev.sessionlog.SessionId;
import dev.sessionlog.failure.FailureKind;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code failures}: every failed model call, with its kind and the notice its user got. */
@Command(name = "failures", description = "List failed model calls with their kind, the provider's own message "
        + "(secrets redacted) and the user notice they produced.")
final class FailuresCommand implements Callable<Integer> {
    @ParentCommand
    SessionlogCommand root;

    @Spec
    CommandSpec spec;

    @Option(names = "--session", paramLabel = "<session>", description = "Only this session.")
    SessionId session;

    @Option(names = "--kind", paramLabel = "<kind>", description = "Only failures of this kind: ${COMPLETION-CANDIDATES}.")
    FailureKind kind;

    @Option(names = "--since", paramLabel = "<time>", converter = TimeWindow.Converter.class,
            description = "Only failures at or after this time. " + TimeWindow.SINCE_HELP)
    Instant since;

    @Option(names = "--until", paramLabel = "<time>", converter = TimeWindow.Converter.class,
            description = TimeWindow.UNTIL_HELP)
    Instant until;

    @Override
    public Integer call() {
        TimeWindow window = TimeWindow.of(spec, since, until);
        try (OpenedStore opened = root.openReadOnly(spec)) {
            if (session != null) {
                SessionNotFound.requireSession(spec, opened.store(), session);
            }
            root.output(spec).list(FailedCall.find(opened.store(), session, kind, window), FailedCallView.INSTANCE,
                    "no failed model calls");
        }
        return ExitCodes.OK;
    }
}
