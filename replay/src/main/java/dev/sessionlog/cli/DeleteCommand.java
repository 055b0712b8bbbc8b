package dev.sessionlog.cli;

import dev.sessionlog.SessionId;
import dev.sessionlog.store.SessionNotFoundException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code delete <session>}: ends a session as deleted and erases its content from the store's files. */
@Command(name = "delete", description = {"Delete a session and erase its content from the store's files: its records are "
        + "overwritten where they lie (other sessions keep their positions) and synced before the command returns.",
        "Backups taken before keep it until they are rotated. Needs the writer lock: stop the gateway first."})
final class DeleteCommand implements Callable<Integer> {
    @ParentCommand
    SessionlogCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<session>", description = "The session id.", converter = SessionIdConverter.class)
    SessionId session;

    @Override
    public Integer call() {
        try (OpenedStore opened = root.openExistingForWriting(spec)) {
            long erased;
            try {
                erased = opened.delete(session);
            } catch (SessionNotFoundException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "no session " + session
                        + " in this store (list them with 'sessionlog sessions')");
            }
            root.output(spec).stats(List.of(Stat.of("deleted", session.value()), Stat.of("eventsErased", erased)));
        }
        return ExitCodes.OK;
    }
}
