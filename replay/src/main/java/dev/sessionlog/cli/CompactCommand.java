package dev.sessionlog.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code compact}: removes old day files that hold only ended sessions. */
@Command(name = "compact", description = {"Remove old day files that hold only sessions that have ended (never the current "
        + "day's, never one with an event of a live session), and print how many. Needs the writer lock: stop the "
        + "gateway first (a gateway compacts by calling ChronicleSessionStore.compact())."})
final class CompactCommand implements Callable<Integer> {
    @ParentCommand
    SessionlogCommand root;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try (OpenedStore opened = root.openExistingForWriting(spec)) {
            root.output(spec).stats(List.of(Stat.of("dayFilesRemoved", opened.compact())));
        }
        return ExitCodes.OK;
    }
}
