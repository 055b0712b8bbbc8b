package dev.sessionlog.cli;

import dev.sessionlog.SessionId;
import dev.sessionlog.SessionStore;
import dev.sessionlog.openclaw.ExportSummary;
import dev.sessionlog.openclaw.OpenClawExport;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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
            throw new BadInputException("cannot write " + to + ": " + why(e), e);
        }
    }

    /** Why {@link #to} cannot be created, in words: the JDK's exceptions often say no more than the path. */
    private String why(IOException e) {
        Path parent = to.toAbsolutePath().getParent();
        if (e instanceof NoSuchFileException) {
            return parent != null && !Files.isDirectory(parent)
                    ? "the directory " + parent + " does not exist" : "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied" + (parent == null ? "" : " (the directory " + parent + " is not writable)");
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return e.getMessage();
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
