package dev.sessionlog.cli;

import dev.sessionlog.server.AccessToken;
import dev.sessionlog.server.ServerOptions;
import dev.sessionlog.server.SessionlogServer;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code console}: the web console on a store opened read-only, beside a gateway that writes it.
 * Serves the console and the API's reads; refuses every change. Prints the address and a one-time
 * sign-in link, and serves until stopped (Ctrl-C, SIGTERM).
 */
@Command(name = "console", description = {"Browse the store in a web browser: sessions, timelines, time travel, a live tail.",
        "Opens the store read-only (a gateway may be writing it) and serves the console on loopback; open the printed "
                + "sign-in link. Nothing can be changed through it: use 'serve' for that."})
final class ConsoleCommand implements Callable<Integer> {
    @ParentCommand
    SessionlogCommand root;

    @Spec
    CommandSpec spec;

    @Option(names = "--bind", paramLabel = "<host:port>", defaultValue = "127.0.0.1:0",
            description = "The address to listen on (default: ${DEFAULT-VALUE}: loopback, a free port).")
    String bind;

    @Override
    public Integer call() throws InterruptedException {
        InetSocketAddress address = ServeCommand.address(spec, bind);
        if (!address.getAddress().isLoopbackAddress()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "the console serves loopback only (was "
                    + bind + "): reach it from another machine through an SSH tunnel");
        }
        Path directory = root.storeDirectory(spec);
        try (OpenedStore opened = root.openReadOnly(spec)) {
            SessionlogServer server;
            try {
                server = SessionlogServer.startReadOnly(opened.store(), token(directory),
                        ServerOptions.defaults().withBind(address));
            } catch (SessionlogServer.ServerStartException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            Thread stopper = new Thread(() -> {
                server.close();
                opened.close();
            }, "sessionlog-console-shutdown");
            Runtime.getRuntime().addShutdownHook(stopper);
            PrintWriter out = spec.commandLine().getOut();
            out.println("listening on " + server.uri() + " (store " + directory + ", read-only)");
            out.println("console: " + server.signInLink() + " (signs a browser in once, within 10 minutes)");
            out.flush();
            try {
                server.awaitStop();
            } finally {
                server.close();
                try {
                    Runtime.getRuntime().removeShutdownHook(stopper);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running: it stops the server and store itself
                }
            }
        }
        return ExitCodes.OK;
    }

    /** The store's token when it has one (it then also signs in), else one kept in memory: a read-only open creates no file. */
    private static AccessToken token(Path directory) {
        Path file = directory.resolve(AccessToken.FILE_NAME);
        if (Files.isRegularFile(file)) {
            try {
                return AccessToken.read(file);
            } catch (AccessToken.AccessTokenException e) {
                throw new BadInputException(e.getMessage(), e);
            }
        }
        return AccessToken.inMemory();
    }
}
