package dev.sessionlog.cli;

import dev.sessionlog.store.BackupFailedException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code backup <dest>}: a consistent, verified copy of the store, taken while a gateway writes it. */
@Command(name = "backup", description = {"Copy the store into <dest>, a new directory, while a gateway may be writing it.",
        "The copy holds every event acknowledged before the backup began (per partition, a prefix of the log at the "
        + "same positions), is verified as a store before it is put in place, and opens like any store. Reads the "
        + "store only; never overwrites anything: <dest> must not exist."})
final class BackupCommand implements Callable<Integer> {
    @ParentCommand
    SessionlogCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<dest>", description = "The backup directory to create.")
    Path destination;

    @Override
    public Integer call() {
        try (OpenedStore opened = root.openReadOnly(spec)) {
            root.output(spec).stats(opened.backup(destination));
        } catch (BackupFailedException e) {
            if (e.destinationRefused()) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            throw e;
        }
        return ExitCodes.OK;
    }
}
