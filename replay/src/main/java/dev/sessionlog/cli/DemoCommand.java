package dev.sessionlog.cli;

import dev.sessionlog.SessionHandle;
import dev.sessionlog.projection.TranscriptProjection;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code demo}: a simulated gateway on a temporary store, no setup needed. Shows a provider that
 * answers, rate-limits, runs out of quota, is overloaded and hangs, while every next message is
 * still stored at once; then the notices the user got and the replay of the session.
 */
@Command(name = "demo", description = {"Run a simulated gateway with a failing provider on a temporary store.",
        "The provider answers, then fails with 429, quota exceeded, overloaded, and hangs past its deadline. Shows every next",
        "message still stored at once, the notices the user got, and the replay of the session."})
final class DemoCommand implements Callable<Integer> {
    @ParentCommand
    SessionlogCommand root;

    @Spec
    CommandSpec spec;

    @Option(names = "--hang-deadline", paramLabel = "<ms>", defaultValue = "300",
            description = "The deadline of the call that hangs, in milliseconds (default: ${DEFAULT-VALUE}).")
    long hangDeadlineMillis;

    @Override
    public Integer call() throws InterruptedException {
        Arguments.requireAtLeast(spec, "--hang-deadline", hangDeadlineMillis, 1);
        PrintWriter out = spec.commandLine().getOut();
        // the demo is for people: a table unless another format is asked for
        Output output = new Output(root.output == null ? OutputFormat.TABLE : root.output, out, 160);
        try (OpenedStore opened = root.context().opener().openTemporary()) {
            out.println("sessionlog demo: a simulated gateway on a temporary " + opened.description());
            out.println();
            SessionHandle chat = new DemoGateway(opened.store(), out, Duration.ofMillis(hangDeadlineMillis)).run();

            out.println("Notices the user was shown (from the user-notice projection, never the provider's raw body):");
            output.list(chat.notices(), NoticeView.INSTANCE, "(none)");
            out.println();
            out.println("Replay of " + chat.id() + ": the transcript the next prompt gets "
                    + "(failed calls left out, nothing lost):");
            output.list(opened.store().project(chat.id(), TranscriptProjection.INSTANCE).transcript().messages(),
                    TranscriptView.INSTANCE, "(empty)");
            out.println();
            out.println("The temporary store is deleted now. Inspect a real one with 'sessionlog --store <dir> sessions'.");
            out.flush();
        }
        return ExitCodes.OK;
    }
}
