package dev.sessionlog.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The child process of {@link EventsStreamingIT}: runs {@code sessionlog --store <args[0]> events
 * s-0} on a {@link SyntheticStore} of one session of {@code args[1]} events of {@code args[2]}
 * characters each, printing to stdout, and exits with the CLI's code.
 */
public final class StreamingEventsMain {
    private StreamingEventsMain() {}

    public static void main(String[] args) {
        SyntheticStore store = new SyntheticStore(1, Long.parseLong(args[1]), Integer.parseInt(args[2]));
        CliContext context = new CliContext(store.opener(), false, false, Map.of());
        PrintWriter out = new PrintWriter(System.out, false, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        int code = Cli.create(context, out, err).execute("--store", args[0], "-o", args[3], "events", "s-0");
        out.flush();
        System.exit(code);
    }
}
