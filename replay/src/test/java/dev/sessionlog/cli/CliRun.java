package dev.sessionlog.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/**
 * One in-process run of the CLI with captured stdout and stderr.
 *
 * @param exitCode the exit code
 * @param out what went to stdout
 * @param err what went to stderr
 */
record CliRun(int exitCode, String out, String err) {

    /** Runs {@code args} as {@link Main} does, as if stdout were not a terminal (jsonl by default). */
    static CliRun run(StoreOpener opener, String... args) {
        return run(opener, false, Map.of(), args);
    }

    static CliRun run(StoreOpener opener, boolean terminal, Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliContext context = new CliContext(opener, terminal, terminal, environment);
        int code = Cli.forArguments(context, new PrintWriter(out, true), new PrintWriter(err, true), args).execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** Whether stderr holds a Java stack trace. */
    boolean hasStackTrace() {
        return err.contains("\tat ") || err.contains("Exception in thread");
    }

    @Override
    public String toString() {
        return "exit " + exitCode + "\n--- out ---\n" + out + "--- err ---\n" + err;
    }
}
