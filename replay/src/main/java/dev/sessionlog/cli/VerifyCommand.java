package dev.sessionlog.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code verify}: prints the store's own verification; exit code 1 when anything is wrong. */
@Command(name = "verify", description = {"Check the store's integrity; exit code 1 on problems.",
        "Every record decodes, sequences have no gaps, model-call lifecycles are well formed, and the index agrees "
                + "with the log."})
final class VerifyCommand implements Callable<Integer> {
    @ParentCommand
    SessionlogCommand root;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try (OpenedStore opened = root.openReadOnly(spec)) {
            OpenedStore.Verification result = opened.verify();
            root.output(spec).list(result.problems(), ProblemView.INSTANCE, "no problems found");
            spec.commandLine().getErr().printf("verify: %d sessions, %d events checked; %d problem(s)%n",
                    result.sessions(), result.events(), result.problems().size());
            spec.commandLine().getErr().flush();
            return result.problems().isEmpty() ? ExitCodes.OK : ExitCodes.PROBLEMS_FOUND;
        }
    }
}
