package dev.sessionlog.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Turns an exception thrown by a command into one clear line on stderr and its exit code; the
 * stack trace only with {@code --debug}. Hostile input must never produce a stack trace by default.
 */
final class ErrorReporter implements CommandLine.IExecutionExceptionHandler,
        CommandLine.IParameterExceptionHandler {
    private static final int MAX_MESSAGE_LENGTH = 400;

    @Override
    public int handleExecutionException(Exception error, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        int code = ExitCodes.of(error);
        String prefix = code == ExitCodes.INTERNAL_ERROR ? "sessionlog: internal error: " : "sessionlog: ";
        err.println(prefix + oneLine(describe(error)));
        if (isDebug(parseResult)) {
            error.printStackTrace(err);
        } else if (code == ExitCodes.INTERNAL_ERROR) {
            err.println("sessionlog: run again with --debug for the stack trace");
        }
        err.flush();
        return code;
    }

    /** A usage error: the message and where to find help, not the whole usage text. */
    @Override
    public int handleParseException(CommandLine.ParameterException error, String[] args) {
        CommandLine commandLine = error.getCommandLine();
        PrintWriter err = commandLine.getErr();
        err.println("sessionlog: " + oneLine(describe(error)));
        err.println("Try '" + commandLine.getCommandSpec().qualifiedName() + " --help' for usage.");
        err.flush();
        return ExitCodes.USAGE;
    }

    private static String describe(Throwable error) {
        String message = error.getMessage();
        if (message == null || message.isBlank()) {
            Throwable cause = error.getCause();
            return cause != null && cause != error ? describe(cause) : error.getClass().getSimpleName();
        }
        return message;
    }

    private static boolean isDebug(CommandLine.ParseResult parseResult) {
        for (CommandLine.ParseResult result = parseResult; result != null; result = result.subcommand()) {
            if (result.hasMatchedOption("--debug")) {
                return true;
            }
        }
        return false;
    }

    /** The message on one line, without control characters, bounded: it may quote hostile input. */
    static String oneLine(String message) {
        StringBuilder sb = new StringBuilder(Math.min(message.length(), MAX_MESSAGE_LENGTH + 1));
        for (int i = 0; i < message.length() && sb.length() < MAX_MESSAGE_LENGTH; i++) {
            char c = message.charAt(i);
            sb.append(Character.isISOControl(c) ? ' ' : c);
        }
        if (message.length() > MAX_MESSAGE_LENGTH) {
            sb.append('…');
        }
        return sb.toString();
    }
}
