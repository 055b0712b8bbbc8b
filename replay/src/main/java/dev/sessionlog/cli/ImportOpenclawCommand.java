package dev.sessionlog.cli;

import dev.sessionlog.InMemorySessionStore;
import dev.sessionlog.SessionStore;
import dev.sessionlog.openclaw.FileImportReport.Status;
import dev.sessionlog.openclaw.ImportReport;
import dev.sessionlog.openclaw.OpenClawImport;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code import-openclaw <source>}: an OpenClaw sessions directory, one transcript file, or one of
 * OpenClaw's SQLite databases into the store, by {@link OpenClawImport} (idempotent, resumable,
 * read-only on the source), with a progress bar and a per-transcript report; {@code --dry-run}
 * reports without writing.
 */
@Command(name = "import-openclaw", description = {"Import OpenClaw transcripts; idempotent and resumable.",
        "The source is a sessions directory (~/.openclaw/agents/<agent>/sessions), one transcript file, or the SQLite "
                + "database current OpenClaw releases keep (~/.openclaw/agents/<agent>/agent/openclaw-agent.sqlite), "
                + "read-only and safe while OpenClaw runs. One session per transcript, with its original times. "
                + "Running it again imports nothing new; an interrupted run is finished by the next one. Sources are "
                + "never changed. Archives of deleted sessions (.deleted.) are not imported.",
        "Exit code 4 when a transcript could not be imported (the report says why) or the source cannot be used."})
final class ImportOpenclawCommand implements Callable<Integer> {
    @ParentCommand
    SessionlogCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<source>",
            description = "A sessions directory, a transcript file, or an openclaw-agent.sqlite database.")
    Path source;

    @Option(names = "--dry-run", description = "Read everything and report what would be imported; write nothing "
            + "(the store is opened read-only, and need not exist).")
    boolean dryRun;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        ImportReport report;
        try (OpenClawSource opened = OpenClawSource.open(source)) {
            opened.warnings().forEach(err::println);
            err.printf("import-openclaw: %s%s%n", opened.summary(source), dryRun ? " (dry run: nothing is written)" : "");
            ImportProgress progress = new ImportProgress(err, root.context().stderrIsTerminal(), System::nanoTime,
                    opened.transcripts());
            if (!dryRun) {
                try (OpenedStore store = root.openForWriting(spec)) {
                    report = opened.importWith(new OpenClawImport(store.store()), progress);
                }
            } else if (Files.isDirectory(root.storeDirectory(spec))) {
                try (OpenedStore store = root.openReadOnly(spec)) {
                    report = dryRun(opened, store.store(), progress);
                }
            } else {
                try (InMemorySessionStore empty = InMemorySessionStore.create()) {
                    report = dryRun(opened, empty, progress);
                }
            }
            progress.finish();
        }
        root.output(spec).list(report.files(), FileImportReportView.INSTANCE, "no files");
        report.failed().forEach(file -> err.println("import-openclaw: " + file.file() + ": "
                + ErrorReporter.oneLine(file.detail())));
        err.printf("import-openclaw: %d imported, %d resumed, %d skipped, %d failed; %d events %s; "
                        + "%d malformed line(s)%n", report.count(Status.IMPORTED), report.count(Status.RESUMED),
                report.count(Status.SKIPPED), report.count(Status.FAILED), report.eventsAppended(),
                dryRun ? "would be appended (dry run)" : "appended", report.malformedLines());
        err.flush();
        return report.failed().isEmpty() ? ExitCodes.OK : ExitCodes.BAD_INPUT;
    }

    private static ImportReport dryRun(OpenClawSource source, SessionStore store, ImportProgress progress) {
        return source.importWith(new OpenClawImport(store).dryRun(), progress);
    }
}
