package dev.sessionlog.cli;

import dev.sessionlog.SessionId;
import dev.sessionlog.SessionKey;
import java.io.PrintWriter;
import picocli.CommandLine;

/** Assembles the command line: commands, converters, the error reporter, the exit-code mapper. */
final class Cli {
    private Cli() {}

    static CommandLine create(CliContext context, PrintWriter out, PrintWriter err) {
        ErrorReporter reporter = new ErrorReporter();
        SessionlogCommand root = new SessionlogCommand(context);
        CommandLine commandLine = new CommandLine(root)
                .setCaseInsensitiveEnumValuesAllowed(true)
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
