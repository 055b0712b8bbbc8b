package dev.sessionlog.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionlog.SessionHandle;
import dev.sessionlog.SessionStore;
import dev.sessionlog.projection.TranscriptMessage;
import dev.sessionlog.projection.TranscriptProjection;
import dev.sessionlog.projection.UserNotice;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code demo}: a simulated gateway on a temporary store, no setup needed, or on the store
 * {@code --store} names, which keeps the session for the other commands to show. Shows a provider
 * that answers, rate-limits, runs out of quota, is overloaded and hangs, while every next message is
 * still stored at once; then the notices the user got and the replay of the session. With
 * {@code -o json} or {@code jsonl} the narration goes to stderr and stdout holds one JSON document.
 */
@Command(name = "demo", description = {"Run a simulated gateway with a failing provider on a temporary store (or --store).",
        "The provider answers, then fails with 429, quota exceeded, overloaded, and hangs past its deadline. Shows every "
                + "next message still stored at once, the notices the user got, and the replay of the session. With "
                + "--store the session is kept in that store; with -o json or jsonl the result is one JSON document "
                + "on stdout and the narration goes to stderr."})
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
        // the demo is for people: a table unless another format is asked for
        OutputFormat format = root.output == null ? OutputFormat.TABLE : root.output;
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter narration = format == OutputFormat.TABLE ? out : spec.commandLine().getErr();
        boolean kept = root.store != null;
        try (OpenedStore opened = kept ? root.openForWriting(spec) : root.context().opener().openTemporary()) {
            narration.println("sessionlog demo: a simulated gateway on " + (kept ? "the store " + root.store
                    : "a temporary " + opened.description()));
            narration.println();
            SessionHandle chat = new DemoGateway(opened.store(), narration, Duration.ofMillis(hangDeadlineMillis)).run();
            List<UserNotice> notices = chat.notices();
            List<TranscriptMessage> transcript = opened.store().project(chat.id(), TranscriptProjection.INSTANCE)
                    .transcript().messages();
            if (format == OutputFormat.TABLE) {
                printTables(new Output(format, out, 160), out, chat, notices, transcript, kept);
            } else {
                ObjectNode result = result(opened.store(), chat, notices, transcript, kept);
                out.println(format == OutputFormat.JSON ? Json.pretty(result) : Json.compact(result));
                out.flush();
            }
        }
        return ExitCodes.OK;
    }

    private void printTables(Output output, PrintWriter out, SessionHandle chat, List<UserNotice> notices,
                             List<TranscriptMessage> transcript, boolean kept) {
        out.println("Notices the user was shown (from the user-notice projection, never the provider's raw body):");
        output.list(notices, NoticeView.INSTANCE, "(none)");
        out.println();
        out.println("Replay of " + chat.id() + ": the transcript the next prompt gets "
                + "(failed calls left out, nothing lost):");
        output.list(transcript, TranscriptView.INSTANCE, "(empty)");
        out.println();
        out.println(kept ? "The session stays in " + root.store + ": try 'sessionlog --store " + root.store
                + " events " + chat.id() + "'."
                : "The temporary store is deleted now. Inspect a real one with 'sessionlog --store <dir> sessions'.");
        out.flush();
    }

    private ObjectNode result(SessionStore store, SessionHandle chat, List<UserNotice> notices,
                              List<TranscriptMessage> transcript, boolean kept) {
        ObjectNode result = Json.object().put("session", chat.id().value());
        Json.put(result, "store", kept ? root.store : null);
        result.put("events", store.summary(chat.id()).map(summary -> summary.lastSequence()).orElse(0L));
        ArrayNode noticeArray = result.putArray("notices");
        notices.forEach(notice -> noticeArray.add(NoticeView.INSTANCE.json(notice)));
        ArrayNode transcriptArray = result.putArray("transcript");
        transcript.forEach(message -> transcriptArray.add(TranscriptView.INSTANCE.json(message)));
        return result;
    }
}
