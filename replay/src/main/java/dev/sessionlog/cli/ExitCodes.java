package dev.sessionlog.cli;

import dev.sessionlog.SessionStoreException;
import java.io.IOException;
import java.io.UncheckedIOException;
import picocli.CommandLine;

/**
 * The one place exit codes come from. Commands return {@link #OK} or {@link #PROBLEMS_FOUND};
 * everything else is an exception mapped here, so a code cannot mean two things.
 */
final class ExitCodes implements CommandLine.IExitCodeExceptionMapper {
    /** The command did what was asked. */
    static final int OK = 0;
    /** {@code verify} or {@code doctor} ran and found problems, or a command served a damaged store. */
    static final int PROBLEMS_FOUND = 1;
    /** The command line was wrong (picocli's own code for invalid input). */
    static final int USAGE = 2;
    /** The store is missing, locked by a writer, unreadable, damaged (to a command that writes), or of a newer format. */
    static final int STORE_UNAVAILABLE = 3;
    /** An input file (an import source) could not be used. */
    static final int BAD_INPUT = 4;
    /** A bug in sessionlog: anything not foreseen above (EX_SOFTWARE of sysexits.h). */
    static final int INTERNAL_ERROR = 70;

    static final ExitCodes INSTANCE = new ExitCodes();

    private ExitCodes() {}

    @Override
    public int getExitCode(Throwable error) {
        return of(error);
    }

    /**
     * The exit code of a command that returned {@code code}: {@link #PROBLEMS_FOUND} instead of
     * {@link #OK} when it served a damaged store, whose output holds only what was readable.
     */
    static int afterServing(int code, boolean damagedStore) {
        return code == OK && damagedStore ? PROBLEMS_FOUND : code;
    }

    /** The exit code for {@code error}. */
    static int of(Throwable error) {
        if (error instanceof CommandLine.ParameterException) {
            return USAGE;
        }
        if (error instanceof BadInputException) {
            return BAD_INPUT;
        }
        if (error instanceof StoreUnavailableException || error instanceof SessionStoreException
                || error instanceof IOException || error instanceof UncheckedIOException) {
            return STORE_UNAVAILABLE;
        }
        return INTERNAL_ERROR;
    }
}
