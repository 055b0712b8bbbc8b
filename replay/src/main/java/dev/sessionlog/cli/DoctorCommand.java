package dev.sessionlog.cli;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code doctor}: open and stuck calls, unreadable records, index drift, missing JVM flags; with
 * {@code --fix}, ends the calls left open ({@link StuckCallFixer}) and says what it changed.
 */
@Command(name = "doctor", description = {"Look for stuck and open model calls and other trouble; exit code 1 on problems.",
        "Also checks for unreadable records, an index that disagrees with the log, and missing JVM flags.",
        "Reads only, unless --fix is given."})
final class DoctorCommand implements Callable<Integer> {
    @ParentCommand
    SessionlogCommand root;

    @Spec
    CommandSpec spec;

    @Option(names = "--fix", description = {"End the model calls left open, each with its terminal event (INTERRUPTED, as "
            + "the store's recovery ends them, or TIMEOUT when past its deadline) and an entry recording why, then check "
            + "again. Opens the store for writing: stop the gateway first."})
    boolean fix;

    @Override
    public Integer call() {
        List<Finding> findings = new ArrayList<>();
        if (fix) {
            List<StuckCallFixer.Open> open;
            try (OpenedStore opened = root.openReadOnly(spec)) {
                open = StuckCallFixer.openCalls(opened);
            }
            try (OpenedStore opened = root.openExistingForWriting(spec)) {
                findings.addAll(StuckCallFixer.fix(opened, open, Instant.now()));
                findings.addAll(examine(opened));
            }
        } else {
            try (OpenedStore opened = root.openReadOnly(spec)) {
                findings.addAll(examine(opened));
            }
        }
        root.output(spec).list(findings, FindingView.INSTANCE, "nothing to report");
        boolean problems = findings.stream().anyMatch(f -> f.status() == Finding.Status.PROBLEM);
        return problems ? ExitCodes.PROBLEMS_FOUND : ExitCodes.OK;
    }

    private static List<Finding> examine(OpenedStore opened) {
        return StoreDoctor.examine(opened, Instant.now(), JvmFlags.fromBuild().missingInThisJvm());
    }
}
