package dev.sessionlog.cli;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code doctor}: open and stuck calls, unreadable records, index drift, missing JVM flags. */
@Command(name = "doctor", description = {"Look for stuck and open model calls and other trouble; exit code 1 on problems.",
        "Also checks for unreadable records, an index that disagrees with the log, and missing JVM flags."})
final class DoctorCommand implements Callable<Integer> {
    @ParentCommand
    SessionlogCommand root;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try (OpenedStore opened = root.openReadOnly(spec)) {
            List<Finding> findings = StoreDoctor.examine(opened, Instant.now(), JvmFlags.fromBuild().missingInThisJvm());
            root.output(spec).list(findings, FindingView.INSTANCE, "nothing to report");
            boolean problems = findings.stream().anyMatch(f -> f.status() == Finding.Status.PROBLEM);
            return problems ? ExitCodes.PROBLEMS_FOUND : ExitCodes.OK;
        }
    }
}
