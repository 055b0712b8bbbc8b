package dev.sessionlog.cli;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The top command: the options every subcommand shares, and how they open stores and print. */
@Command(name = "sessionlog", scope = ScopeType.INHERIT, mixinStandardHelpOptions = true,
        versionProvider = VersionInfo.class, sortOptions = false,
        description = "Inspect, replay and debug sessionlog stores; import and export OpenClaw transcripts; serve a "
                + "store over HTTP.",
        footer = {"", "Exit codes: 0 ok, 1 verify/doctor found problems or the store is damaged (what is readable was"
                + " shown), 2 usage, 3 store missing, locked, unreadable, damaged (for writing) or newer, 4 bad input file."})
final class SessionlogCommand implements Callable<Integer> {
    private static final int DEFAULT_TABLE_WIDTH = 160;

    @Spec
    CommandSpec spec;

    @Option(names = "--store", paramLabel = "<dir>", scope = ScopeType.INHERIT,
            description = "The store directory (default: $" + CliContext.STORE_VARIABLE + ").")
    String store;

    @Option(names = {"-o", "--output"}, paramLabel = "<format>", scope = ScopeType.INHERIT,
            description = "table, json or jsonl (default: table on a terminal, else jsonl).")
    OutputFormat output;

    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Print stack traces of errors.")
    boolean debug;

    private final CliContext context;
    /** Set when a command opened a damaged store; read after it ran. */
    private boolean servedDamage;

    SessionlogCommand(CliContext context) {
        this.context = context;
    }

    CliContext context() {
        return context;
    }

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required, such as "
                + "'sessionlog demo' or 'sessionlog sessions' (see --help)");
    }

    /** The store directory from --store or the environment; a usage error when neither names one. */
    Path storeDirectory(CommandSpec command) {
        String value = store != null ? store : context.environment().get(CliContext.STORE_VARIABLE);
        if (value == null || value.isBlank()) {
            throw new CommandLine.ParameterException(command.commandLine(),
                    "no store given: pass --store <dir> or set " + CliContext.STORE_VARIABLE);
        }
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new CommandLine.ParameterException(command.commandLine(), "--store is not a valid path: " + e.getMessage());
        }
    }

    /**
     * Opens the store read-only; it must exist. A damaged store opens too, serving what is
     * readable: a warning says so on stderr, and the command then exits 1 (see {@link #servedDamage}).
     */
    OpenedStore openReadOnly(CommandSpec command) {
        Path directory = storeDirectory(command);
        requireExistingDirectory(directory);
        OpenedStore opened = context.opener().openReadOnly(directory);
        opened.damage().ifPresent(damage -> {
            servedDamage = true;
            command.commandLine().getErr().println("sessionlog: warning: the store " + directory + " is damaged ("
                    + ErrorReporter.oneLine(damage) + "); showing what is readable; 'sessionlog verify' lists the"
                    + " damage, 'sessionlog repair' salvages the store");
            command.commandLine().getErr().flush();
        });
        return opened;
    }

    /** Whether a command served a damaged store (its output is what was readable): it exits 1. */
    boolean servedDamage() {
        return servedDamage;
    }

    /** Repairs the store; it must exist. */
    RepairOutcome repair(CommandSpec command) {
        Path directory = storeDirectory(command);
        requireExistingDirectory(directory);
        return context.opener().repair(directory);
    }

    /**
     * Opens the existing store for writing, for a command that changes it (it takes the writer lock:
     * refused while a gateway runs).
     */
    OpenedStore openExistingForWriting(CommandSpec command) {
        Path directory = storeDirectory(command);
        requireExistingDirectory(directory);
        return context.opener().openExistingForWriting(directory);
    }

    /** Opens the store for writing, creating it when the directory does not exist yet. */
    OpenedStore openForWriting(CommandSpec command) {
        Path directory = storeDirectory(command);
        if (Files.exists(directory) && !Files.isDirectory(directory)) {
            throw new StoreUnavailableException("the store " + directory + " is not a directory");
        }
        return context.opener().openForWriting(directory);
    }

    private static void requireExistingDirectory(Path directory) {
        if (!Files.exists(directory)) {
            throw new StoreUnavailableException("no store at " + directory + ": the directory does not exist");
        }
        if (!Files.isDirectory(directory)) {
            throw new StoreUnavailableException("the store " + directory + " is not a directory");
        }
        if (!Files.isReadable(directory)) {
            throw new StoreUnavailableException("the store " + directory + " is not readable by this user");
        }
    }

    /** The output format chosen, or the default for where stdout goes. */
    OutputFormat format() {
        return output != null ? output : context.stdoutIsTerminal() ? OutputFormat.TABLE : OutputFormat.JSONL;
    }

    /** The output to stdout for {@code command}. */
    Output output(CommandSpec command) {
        return new Output(format(), command.commandLine().getOut(), tableWidth());
    }

    private int tableWidth() {
        String columns = context.environment().get("COLUMNS");
        if (columns != null && columns.matches("\\d{2,4}")) {
            return Integer.parseInt(columns);
        }
        return DEFAULT_TABLE_WIDTH;
    }
}
