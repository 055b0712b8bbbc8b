package dev.sessionlog.cli;

import dev.sessionlog.SessionId;
import dev.sessionlog.SessionStore;
import dev.sessionlog.openclaw.ExportSummary;
import dev.sessionlog.openclaw.OpenClawExport;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code export <session> --format openclaw-jsonl}: a session as an OpenClaw version 3 transcript, by
 * {@link OpenClawExport}.
 */
@Command(name = "export", description = "Write a session as an OpenClaw version 3 JSONL transcript (to stdout, or --to a new file).")
final class ExportCommand implements Callable<Integer> {

    /** The export formats. */
    enum Format {
        OPENCLAW_JSONL;

        @Override
        public String toString() {
            return "openclaw-jsonl";
        }
    }

    @ParentCommand
    SessionlogCommand root;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "<session>", description = "The session id.")
    SessionId session;

    @Option(names = "--format", paramLabel = "<format>", required = true, converter = FormatConverter.class,
            description = "openclaw-jsonl (the only format so far).")
    Format format;

    @Option(names = "--to", paramLabel = "<file>", description = "Write to this new file instead of stdout (never overwrites).")
    Path to;

    @Override
    public Integer call() throws IOException {
        try (OpenedStore opened = root.openReadOnly(spec)) {
            SessionNotFound.requireSession(spec, opened.store(), session);
            ExportSummary summary = to == null
                    ? OpenClawExport.write(opened.store(), session, spec.commandLine().getOut())
                    : writeNewFile(opened.store());
            spec.commandLine().getErr().printf("export: %s: %d entries written%s%n", session, summary.entries(),
                    summary.orphanToolResults() == 0 ? ""
                            : ", " + summary.orphanToolResults() + " orphan tool result(s) written as custom entries");
            spec.commandLine().getErr().flush();
        }
        return ExitCodes.OK;
    }

    private ExportSummary writeNewFile(SessionStore store) {
        try (Writer writer = Files.newBufferedWriter(to, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            return OpenClawExport.write(store, session, writer);
        } catch (FileAlreadyExistsException e) {
            throw new BadInputException(to + " already exists; export never overwrites a file");
        } catch (IOException e) {
            throw new BadInputException("cannot write " + to + ": " + e.getMessage(), e);
        }
    }

    /** Accepts {@code openclaw-jsonl} (and the enum's name). */
    static final class FormatConverter implements picocli.CommandLine.ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            if (value.equalsIgnoreCase("openclaw-jsonl") || value.equalsIgnoreCase("openclaw_jsonl")) {
                return Format.OPENCLAW_JSONL;
            }
            throw new picocli.CommandLine.TypeConversionException("unknown format '" + ErrorReporter.oneLine(value)
                    + "': the only format is openclaw-jsonl");
        }
    }
}
