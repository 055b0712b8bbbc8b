package dev.sessionlog.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code stats}: counts of sessions, events and failures, and storage figures. */
@Command(name = "stats", description = "Print counts of sessions, events by type, failed calls by kind, and storage.")
final class StatsCommand implements Callable<Integer> {
    @ParentCommand
    SessionlogCommand root;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        try (OpenedStore opened = root.openReadOnly(spec)) {
            List<Stat> stats = new ArrayList<>(StoreStatistics.collect(opened));
            stats.addAll(opened.storageStats());
            root.output(spec).stats(stats);
        }
        return ExitCodes.OK;
    }
}
