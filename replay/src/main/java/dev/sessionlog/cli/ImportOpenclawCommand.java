package dev.sessionlog.cli;

import dev.sessionlog.openclaw.FileImportReport.Status;
import dev.sessionlog.openclaw.ImportReport;
import dev.sessionlog.openclaw.OpenClawImport;
import dev.sessionlog.openclaw.OpenClawSessionsDirectory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code import-openclaw <dir>}: an OpenClaw sessions directory into the store, by {@link OpenClawImport}
 * (idempotent, resumable, read-only on the source), with a progress bar and a per-file report.
 */
@Command(name = "import-openclaw", description = {"Import an OpenClaw sessions directory; idempotent and resumable.",
        "Reads ~/.openclaw/agents/<agent>/sessions into the store, one session per file. Running it again imports "
                + "nothing new; an interrupted run is finished by the next one. Source files are never changed.",
        "Exit code 4 when a file could not be imported (the report says why)."})
final class ImportOpenclawCommand implements Callable<Integer> {
    @ParentCommand
    SessionlogCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<sessions dir>", description = "The OpenClaw sessions directory.")
    Path directory;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        OpenClawSessionsDirectory scanned = scan();
        scanned.index().warnings().forEach(warning -> err.println("sessions.json: " + ErrorReporter.oneLine(warning)));
        err.printf("import-openclaw: %d transcript(s) in %s, %d other file(s) skipped%n", scanned.transcripts().size(),
                directory, scanned.skipped().size());
        ImportReport report;
        try (OpenedStore opened = root.openForWriting(spec)) {
            ImportProgress progress = new ImportProgress(err, root.context().stderrIsTerminal(), System::nanoTime,
                    scanned.transcripts().size());
            report = new OpenClawImport(opened.store()).importDirectory(scanned, progress);
            progress.finish();
        }
        root.output(spec).list(report.files(), FileImportReportView.INSTANCE, "no files");
        report.failed().forEach(file -> err.println("import-openclaw: " + file.file() + ": "
                + ErrorReporter.oneLine(file.detail())));
        err.printf("import-openclaw: %d imported, %d resumed, %d skipped, %d failed; %d events appended; "
                        + "%d malformed line(s)%n", report.count(Status.IMPORTED), report.count(Status.RESUMED),
                report.count(Status.SKIPPED), report.count(Status.FAILED), report.eventsAppended(),
                report.malformedLines());
        err.flush();
        return report.failed().isEmpty() ? ExitCodes.OK : ExitCodes.BAD_INPUT;
    }

    private OpenClawSessionsDirectory scan() {
        if (!Files.exists(directory)) {
            throw new BadInputException("no such directory: " + directory);
        }
        if (!Files.isDirectory(directory)) {
            throw new BadInputException(directory + " is not a directory: give the OpenClaw sessions directory");
        }
        try {
            return OpenClawSessionsDirectory.scan(directory);
        } catch (IOException e) {
            throw new BadInputException("cannot list " + directory + ": " + e.getMessage(), e);
        }
    }
}
