package dev.sessionlog.kafka;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A gateway node in a child JVM ({@link NodeMain}), started from the test classpath without
 * {@code -ea}: the test sends it commands and reads its answers. Lines of a running load
 * ({@code ACK}, {@code NACK}) are collected apart from the answers to commands. Public for the
 * benchmarks module's takeover measurement.
 */
public final class ChildNode implements AutoCloseable {
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    private final Process process;
    private final PrintWriter commands;
    private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
    private final List<String> loadLines = new CopyOnWriteArrayList<>();

    private ChildNode(Process process) {
        this.process = process;
        this.commands = new PrintWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8), true);
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith("ACK ") || line.startsWith("NACK ")) {
                        loadLines.add(line);
                    } else {
                        answers.add(line);
                    }
                }
            } catch (IOException e) {
                // the node is gone
            }
        }, "child-node-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts a node and waits until it is open. */
    public static ChildNode start(String bootstrap, String store, String nodeId, int partitions, int replication,
                                  int minInSync, Duration sessionTimeout) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(NodeMain.class.getName());
        command.addAll(List.of(bootstrap, store, nodeId, Integer.toString(partitions), Integer.toString(replication),
                Integer.toString(minInSync), Long.toString(sessionTimeout.toMillis())));
        ChildNode node = new ChildNode(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT)
                .start());
        node.expect("READY");
        return node;
    }

    /** Sends a command and returns its answer. */
    String ask(String command) throws InterruptedException {
        send(command);
        return next();
    }

    /** Sends a command without waiting for its answer. */
    public void send(String command) {
        commands.println(command);
    }

    /** The next answer. */
    String next() throws InterruptedException {
        String line = answers.poll(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        if (line == null) {
            throw new AssertionError("the node did not answer within " + PATIENCE);
        }
        return line;
    }

    /** Reads answers until one starts with {@code prefix}; returns it. */
    String expect(String prefix) throws InterruptedException {
        while (true) {
            String line = next();
            if (line.startsWith(prefix)) {
                return line;
            }
        }
    }

    /** The partitions the node writes now. */
    public List<Integer> owned() throws InterruptedException {
        String line = ask("owned");
        String list = line.substring("OWNED".length()).trim();
        List<Integer> partitions = new ArrayList<>();
        if (!list.isEmpty()) {
            for (String p : list.split(",")) {
                partitions.add(Integer.parseInt(p));
            }
        }
        return partitions;
    }

    /** The ACK and NACK lines of loads so far. */
    public List<String> loadLines() {
        return List.copyOf(loadLines);
    }

    long pid() {
        return process.pid();
    }

    /** SIGKILL. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Sends a signal (STOP, CONT) to the node's JVM. */
    void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IOException("kill -" + name + " failed");
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            send("exit");
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
