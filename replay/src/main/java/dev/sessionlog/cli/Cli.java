package dev.sessionlog.cli;

import dev.sessionlog.SessionId;
import dev.sessionlog.SessionKey;
import java.io.PrintWriter;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Assembles the command line: commands, converters, the error reporter, the exit-code mapper.
 *
 * <p>picocli builds a command's model by reflection over its fields and annotations, which for the
 * whole tree is a sixth of a short command's start-up. So a command line naming one command gets a
 * tree holding only that command ({@link #forArguments}); anything else (no command, a misspelt one,
 * {@code help}, {@code completion}, which need the others) gets the whole tree, and with it picocli's
 * listing and suggestions.
 */
final class Cli {
    /** Every command, in the order {@code --help} lists them. */
    private static final List<Class<?>> COMMANDS = List.of(SessionsCommand.class, EventsCommand.class,
            SearchCommand.class, TailCommand.class, ReplayCommand.class, FailuresCommand.class, VerifyCommand.class,
            StatsCommand.class, DoctorCommand.class, RepairCommand.class, BackupCommand.class, DeleteCommand.class,
            CompactCommand.class, ImportOpenclawCommand.class, ExportCommand.class, DemoCommand.class,
            ServeCommand.class, ConsoleCommand.class, CompletionCommand.class, CommandLine.HelpCommand.class);
    /** Commands that never write a store: a process running one of them declares it ({@link #onlyReadsStores}). */
    private static final Set<Class<?>> READ_ONLY = Set.of(SessionsCommand.class, EventsCommand.class,
            SearchCommand.class, TailCommand.class, ReplayCommand.class, FailuresCommand.class, VerifyCommand.class,
            StatsCommand.class, ExportCommand.class, ConsoleCommand.class);
    /** Commands that read the rest of the tree. */
    private static final Set<String> NEED_EVERY_COMMAND = Set.of("help", "completion");
    /** The top command's options that take a value (the next argument, unless joined with '='). */
    private static final Set<String> OPTIONS_WITH_VALUES = Set.of("--store", "-o", "--output");

    private Cli() {}

    /** The command line with every command. */
    static CommandLine create(CliContext context, PrintWriter out, PrintWriter err) {
        return assemble(context, out, err, COMMANDS);
    }

    /** The command line to run {@code args}: only the command they name, when they name one. */
    static CommandLine forArguments(CliContext context, PrintWriter out, PrintWriter err, String[] args) {
        String name = commandName(args);
        if (name != null && !NEED_EVERY_COMMAND.contains(name)) {
            for (Class<?> command : COMMANDS) {
                if (command.getAnnotation(Command.class).name().equals(name)) {
                    return assemble(context, out, err, List.of(command));
                }
            }
        }
        return create(context, out, err);
    }

    /**
     * Whether {@code commandLine} (from {@link #forArguments}) can only run a command that never
     * writes a store, so that its process may declare it ({@link dev.sessionlog.store.ReadOnlyProcess}).
     */
    static boolean onlyReadsStores(CommandLine commandLine) {
        var commands = commandLine.getSubcommands().values();
        return commands.size() == 1 && READ_ONLY.contains(commands.iterator().next().getCommand().getClass());
    }

    /** The first argument that is not the top command's option or its value; null when there is none. */
    static String commandName(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--")) {
                return null;
            }
            if (OPTIONS_WITH_VALUES.contains(arg)) {
                i++;
            } else if (!arg.startsWith("-")) {
                return arg;
            }
        }
        return null;
    }

    private static CommandLine assemble(CliContext context, PrintWriter out, PrintWriter err, List<Class<?>> commands) {
        ErrorReporter reporter = new ErrorReporter();
        SessionlogCommand root = new SessionlogCommand(context);
        CommandLine commandLine = new CommandLine(root);
        commands.forEach(commandLine::addSubcommand);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true)
                .registerConverter(SessionId.class, new SessionIdConverter())
                .registerConverter(SessionKey.class, SessionIdConverter::key)
                .setExecutionExceptionHandler(reporter)
                .setParameterExceptionHandler(reporter)
                .setExitCodeExceptionMapper(ExitCodes.INSTANCE)
                .setExecutionStrategy(parsed -> ExitCodes.afterServing(new CommandLine.RunLast().execute(parsed),
                        root.servedDamage()));
        commandLine.setOut(out);
        commandLine.setErr(err);
        return commandLine;
    }
}
