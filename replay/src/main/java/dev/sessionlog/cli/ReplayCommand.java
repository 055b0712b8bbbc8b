package dev.sessionlog.cli;

import dev.sessionlog.SessionId;
import dev.sessionlog.SessionStore;
import dev.sessionlog.SessionSummary;
import dev.sessionlog.projection.SessionStatusProjection;
import dev.sessionlog.projection.TranscriptProjection;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code replay <session>}: a projection of a session, now or as it was at a sequence. */
@Command(name = "replay", description = {"Show a session through a projection: transcript, status or notices.",
        "The transcript is what the next prompt would get; --at-sequence shows a projection as it was then."})
final class ReplayCommand implements Callable<Integer> {

    /** The projections a session can be replayed through. */
    enum Kind { TRANSCRIPT, STATUS, NOTICES }

    @ParentCommand
    SessionlogCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<session>", description = "The session id.")
    SessionId session;

    @Option(names = "--at-sequence", paramLabel = "<n>", description = "Fold only the events up to this sequence.")
    Long atSequence;

    @Option(names = "--projection", paramLabel = "<name>", defaultValue = "transcript",
            description = "transcript, status or notices (default: ${DEFAULT-VALUE}).")
    Kind projection;

    @Override
    public Integer call() {
        if (atSequence != null) {
            Arguments.requireAtLeast(spec, "--at-sequence", atSequence, 1);
        }
        try (OpenedStore opened = root.openReadOnly(spec)) {
            SessionStore store = opened.store();
            SessionSummary summary = SessionNotFound.requireSession(spec, store, session);
            long upTo = atSequence == null ? summary.lastSequence() : atSequence;
            Output output = root.output(spec);
            switch (projection) {
                case TRANSCRIPT -> output.list(
                        store.projectUpTo(session, TranscriptProjection.INSTANCE, upTo).transcript().messages(),
                        TranscriptView.INSTANCE, "the transcript is empty");
                case STATUS -> output.stats(
                        StatusStats.of(store.projectUpTo(session, SessionStatusProjection.INSTANCE, upTo).status()));
                case NOTICES -> output.list(
                        store.session(session).notices().stream().filter(n -> n.sequence() <= upTo).toList(),
                        NoticeView.INSTANCE, "no notices: no model call failed");
            }
        }
        return ExitCodes.OK;
    }
}
