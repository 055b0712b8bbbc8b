package dev.sessionlog.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code repair}: salvages a damaged store and prints what was damaged and lost. */
@Command(name = "repair", description = {"Repair a damaged store: salvage every readable record into a new log.",
        "Moves the damaged log and the checkpoints aside into damaged-<time>/ in the store directory (nothing is "
                + "deleted), then lists the damaged places and the events lost, by session and sequence. A healthy "
                + "store is left as it is. Needs the writer lock: stop the gateway first."})
final class RepairCommand implements Callable<Integer> {
    @ParentCommand
    SessionlogCommand root;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        RepairOutcome outcome = root.repair(spec);
        root.output(spec).list(outcome.found(), ProblemView.INSTANCE, "nothing is damaged");
        spec.commandLine().getErr().println("repair: " + outcome.summary());
        spec.commandLine().getErr().flush();
        return ExitCodes.OK;
    }
}
