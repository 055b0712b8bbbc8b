package dev.sessionlog.cli;

import dev.sessionlog.openclaw.OpenClawSessionsDirectory;
import dev.sessionlog.openclaw.OpenClawTranscriptReader;
import dev.sessionlog.openclaw.SkippedFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code import-openclaw <dir>}: an OpenClaw sessions directory into the store; idempotent, resumable, read-only on the source. */
@Command(name = "import-openclaw", description = {"Import an OpenClaw sessions directory; idempotent and resumable.",
        "Reads ~/.openclaw/agents/<agent>/sessions into the store, one session per file. Running it again imports",
        "nothing new; an interrupted run is finished by the next one. Source files are never changed.",
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
        List<FileReport> reports = new ArrayList<>();
        try (OpenedStore opened = root.openForWriting(spec)) {
            ImportProgress progress = new ImportProgress(err, root.context().stderrIsTerminal(), System::nanoTime,
                    scanned.transcripts().size());
            reports.addAll(new OpenClawImporter(opened.store(), OpenClawTranscriptReader.standard())
                    .importAll(scanned, progress));
            progress.finish();
        }
        for (SkippedFile skipped : scanned.skipped()) {
            reports.add(new FileReport(skipped.path().getFileName().toString(), null, FileReport.Status.SKIPPED, 0, 0, 0,
                    List.of(), "not a transcript: " + skipped.reason()));
        }
        root.output(spec).list(reports, FileReportView.INSTANCE, "no files");
        reports.stream().filter(r -> r.status() == FileReport.Status.FAILED)
                .forEach(r -> err.println("import-openclaw: " + r.file() + ": " + ErrorReporter.oneLine(r.detail())));
        err.println(summary(reports));
        err.flush();
        boolean failed = reports.stream().anyMatch(r -> r.status() == FileReport.Status.FAILED);
        return failed ? ExitCodes.BAD_INPUT : ExitCodes.OK;
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

    private static String summary(List<FileReport> reports) {
        long[] byStatus = new long[FileReport.Status.values().length];
        long events = 0;
        long malformed = 0;
        for (FileReport report : reports) {
            byStatus[report.status().ordinal()]++;
            events += report.appended();
            malformed += report.malformed();
        }
        return String.format("import-openclaw: %d imported, %d resumed, %d skipped, %d failed; %d events appended; "
                        + "%d malformed line(s)", byStatus[0], byStatus[1], byStatus[2], byStatus[3], events, malformed);
    }
}
