package dev.sessionlog.cli;

import dev.sessionlog.SessionStore;
import dev.sessionlog.kafka.KafkaSessionStore;
import dev.sessionlog.kafka.KafkaStoreOptions;
import dev.sessionlog.server.AccessToken;
import dev.sessionlog.server.ServerOptions;
import dev.sessionlog.server.SessionlogServer;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code serve}: opens the store for writing and serves it over HTTP until stopped (Ctrl-C,
 * SIGTERM). Prints {@code listening on http://HOST:PORT}, once requests are accepted, and on the
 * next line a one-time sign-in link for the web console at {@code /}.
 */
@Command(name = "serve", description = {"Serve the store over HTTP for gateways in any language (see GET /v1/openapi.json).",
        "Every request but /v1/health needs 'Authorization: Bearer <token>': the token is read from --token-file, "
                + "or created in the store directory (file http-token, readable by its owner only) on first start.",
        "With --kafka, serves one node of a Kafka store instead of --store: run one serve beside each gateway node, "
                + "all with the same --kafka-store and --token-file; any node appends to any session.",
        "The web console is at / : open the one-time sign-in link printed at start, or sign in with the token."})
final class ServeCommand implements Callable<Integer> {
    @ParentCommand
    SessionlogCommand root;

    @Spec
    CommandSpec spec;

    @Option(names = "--bind", paramLabel = "<host:port>", defaultValue = "127.0.0.1:7370",
            description = "The address to listen on (default: ${DEFAULT-VALUE}); port 0 picks a free one. "
                    + "An address beyond loopback needs --token-file.")
    String bind;

    @Option(names = "--token-file", paramLabel = "<file>",
            description = "The file holding the bearer token (readable by its owner only).")
    Path tokenFile;

    @Option(names = "--max-request-bytes", paramLabel = "<n>", defaultValue = "1048576",
            description = "The largest request body accepted (default: ${DEFAULT-VALUE}).")
    long maxRequestBytes;

    @CommandLine.ArgGroup(exclusive = false, heading = "%nA Kafka store (README, \"The Kafka store\"):%n")
    KafkaStoreArguments kafka;

    @Override
    public Integer call() throws InterruptedException {
        InetSocketAddress address = address();
        if (!address.getAddress().isLoopbackAddress() && tokenFile == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "serving on " + bind
                    + ", beyond loopback, needs --token-file: a token made up here would have to be copied off the "
                    + "machine by hand");
        }
        if (maxRequestBytes < 1024 || maxRequestBytes > 64L << 20) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--max-request-bytes must be between 1024 and " + (64L << 20) + ", was " + maxRequestBytes);
        }
        ServerOptions options = ServerOptions.defaults().withBind(address).withMaxRequestBytes(maxRequestBytes);
        if (kafka != null) {
            return serveKafka(options);
        }
        AccessToken given = tokenFile == null ? null : readToken(tokenFile);
        Path directory = root.storeDirectory(spec);
        try (OpenedStore opened = root.openForWriting(spec)) {
            AccessToken token = given != null ? given : readOrCreateToken(directory);
            serve(opened.store(), opened, token, options, "store " + directory);
        }
        return ExitCodes.OK;
    }

    /** Serves one node of the Kafka store the options name; the token must be given, every node shares it. */
    private int serveKafka(ServerOptions serverOptions) throws InterruptedException {
        if (tokenFile == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "serving a Kafka store needs --token-file:"
                    + " every node of the gateway answers with the same token");
        }
        if (root.store != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--store and --kafka name two stores: give"
                    + " one");
        }
        KafkaStoreOptions options = kafka.options(spec);
        AccessToken token = readToken(tokenFile);
        PrintWriter err = spec.commandLine().getErr();
        err.println("opening node " + options.nodeId() + " of the Kafka store " + options.storeName() + " at "
                + options.bootstrapServers() + " (it catches up with the events topic first)");
        err.flush();
        try (KafkaSessionStore store = openKafka(options)) {
            serve(store, store, token, serverOptions, "Kafka store " + options.storeName() + ", node "
                    + options.nodeId());
        }
        return ExitCodes.OK;
    }

    private static KafkaSessionStore openKafka(KafkaStoreOptions options) {
        try {
            return KafkaSessionStore.open(options);
        } catch (IllegalStateException e) { // topics missing and not to be made, or made otherwise
            throw new StoreUnavailableException(e.getMessage(), e);
        }
    }

    /** Serves {@code store} until stopped; {@code owner} closes it at a shutdown. */
    private void serve(SessionStore store, AutoCloseable owner, AccessToken token, ServerOptions options, String what)
            throws InterruptedException {
        SessionlogServer server;
        try {
            server = SessionlogServer.start(store, token, options);
        } catch (SessionlogServer.ServerStartException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        Thread stopper = new Thread(() -> {
            server.close();
            closeQuietly(owner);
        }, "sessionlog-serve-shutdown");
        Runtime.getRuntime().addShutdownHook(stopper);
        PrintWriter out = spec.commandLine().getOut();
        out.println("listening on " + server.uri() + " (" + what + ", token in " + token.file() + ")");
        out.println("console: " + server.signInLink() + " (signs a browser in once, read-only, within 10 minutes; "
                + "the token itself signs in with the rights to change)");
        out.flush();
        try {
            server.awaitStop();
        } finally {
            server.close();
            removeHook(stopper);
        }
    }

    private static void closeQuietly(AutoCloseable owner) {
        try {
            owner.close();
        } catch (Exception e) {
            System.err.println("sessionlog: closing the store failed: " + e.getMessage());
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running: it stops the server and store itself
        }
    }

    private InetSocketAddress address() {
        return address(spec, bind);
    }

    /** {@code host:port} (an IPv6 host in brackets) as a socket address, or a parameter error naming {@code --bind}. */
    static InetSocketAddress address(CommandSpec spec, String bind) {
        int colon = bind.lastIndexOf(':');
        if (colon <= 0 || colon == bind.length() - 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--bind must be <host>:<port>, was " + bind);
        }
        String host = bind.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(bind.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65_535) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--bind needs a port from 0 to 65535, was "
                    + bind.substring(colon + 1));
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--bind names an unknown host: " + host);
        }
    }

    private static AccessToken readToken(Path file) {
        try {
            return AccessToken.read(file);
        } catch (AccessToken.AccessTokenException e) {
            throw new BadInputException(e.getMessage(), e);
        }
    }

    private static AccessToken readOrCreateToken(Path directory) {
        try {
            return AccessToken.readOrCreate(directory);
        } catch (AccessToken.AccessTokenException e) {
            throw new BadInputException(e.getMessage(), e);
        }
    }
}
