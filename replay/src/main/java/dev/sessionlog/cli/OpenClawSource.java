package dev.sessionlog.cli;

import dev.sessionlog.openclaw.ImportListener;
import dev.sessionlog.openclaw.ImportReport;
import dev.sessionlog.openclaw.OpenClawDatabase;
import dev.sessionlog.openclaw.OpenClawDatabaseException;
import dev.sessionlog.openclaw.OpenClawImport;
import dev.sessionlog.openclaw.OpenClawSessionsDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@code import-openclaw} was given, by what it is: a sessions directory, one transcript file,
 * or one of OpenClaw's SQLite databases (recognised by its header, whatever its name). Holds the
 * database open (read-only) until closed.
 */
final class OpenClawSource implements AutoCloseable {
    private final String label;
    private final OpenClawSessionsDirectory directory;
    private final OpenClawDatabase database;

    private OpenClawSource(String label, OpenClawSessionsDirectory directory, OpenClawDatabase database) {
        this.label = label;
        this.directory = directory;
        this.database = database;
    }

    /**
     * Opens {@code path}.
     *
     * @throws BadInputException when it does not exist, cannot be listed or read, or is a database
     *     that cannot be imported (not SQLite, corrupt, locked, not OpenClaw's)
     */
    static OpenClawSource open(Path path) {
        if (!Files.exists(path)) {
            throw new BadInputException("no such file or directory: " + path);
        }
        try {
            if (Files.isDirectory(path)) {
                return new OpenClawSource("sessions.json", OpenClawSessionsDirectory.scan(path), null);
            }
            if (OpenClawDatabase.looksLikeSqlite(path) || path.getFileName().toString().endsWith(".sqlite")) {
                OpenClawDatabase database = OpenClawDatabase.open(path);
                return new OpenClawSource(path.getFileName().toString(), null, database);
            }
            OpenClawSessionsDirectory single = OpenClawSessionsDirectory.ofFile(path);
            if (single.transcripts().isEmpty()) {
                throw new BadInputException(path + " is not something import-openclaw reads ("
                        + single.skipped().get(0).reason() + "): give a sessions directory, a transcript file or an "
                        + OpenClawDatabase.FILE_NAME + " database");
            }
            return new OpenClawSource("sessions.json", single, null);
        } catch (OpenClawDatabaseException e) {
            throw new BadInputException("cannot import " + e.getMessage(), e);
        } catch (IOException e) {
            throw new BadInputException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /** How many transcripts (files or database sessions) the import goes through. */
    int transcripts() {
        return directory != null ? directory.transcripts().size() : database.sessionIds().size();
    }

    /** What is odd about the source as a whole, each line prefixed with where it comes from. */
    List<String> warnings() {
        List<String> warnings = directory != null ? directory.index().warnings() : database.warnings();
        return warnings.stream().map(warning -> label + ": " + ErrorReporter.oneLine(warning)).toList();
    }

    /** One line for stderr: what was found. */
    String summary(Path given) {
        return directory != null
                ? String.format("%d transcript(s) in %s, %d other file(s) skipped", directory.transcripts().size(), given,
                        directory.skipped().size())
                : String.format("%d session(s) in the OpenClaw database %s", database.sessionIds().size(), given);
    }

    /** Runs {@code importer} over the source. */
    ImportReport importWith(OpenClawImport importer, ImportListener listener) {
        return directory != null ? importer.importDirectory(directory, listener) : importer.importDatabase(database, listener);
    }

    @Override
    public void close() {
        if (database != null) {
            database.close();
        }
    }
}
