package dev.sessionlog.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * Real Kafka brokers for the tests, without Docker: each a child JVM started from the test
 * classpath ({@link BrokerMain}), in KRaft combined mode (broker and controller), on free loopback
 * ports, with its data in a temporary directory. One broker for most tests; three (replication
 * factor 3, {@code min.insync.replicas=2}) for the replication tests. Broker JVMs run without
 * {@code -ea}, as in production. Public for the benchmarks module's Kafka measurements, which start
 * it from their own class path.
 */
public final class KafkaCluster implements AutoCloseable {
    private static final Duration START_PATIENCE = Duration.ofSeconds(90);
    /** Small and quick to start (C1 only), for tests that start brokers often and measure nothing. */
    private static final List<String> TEST_JVM_OPTIONS = List.of("-Xmx512m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1");

    private final Path dir;
    private final List<String> jvmOptions;
    private final List<Node> nodes = new ArrayList<>();

    /** One broker of the cluster. */
    private static final class Node {
        final int id;
        final int brokerPort;
        final int controllerPort;
        final Path config;
        Process process;

        Node(int id, int brokerPort, int controllerPort, Path config) {
            this.id = id;
            this.brokerPort = brokerPort;
            this.controllerPort = controllerPort;
            this.config = config;
        }
    }

    private final String clusterId = Uuid.randomUuid().toString();

    private KafkaCluster(int size, List<String> jvmOptions) throws IOException {
        this.dir = Files.createTempDirectory("sessionlog-kafka-");
        this.jvmOptions = List.copyOf(jvmOptions);
        List<int[]> ports = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            ports.add(new int[] {freePort(), freePort()});
        }
        String voters = "";
        for (int i = 0; i < size; i++) {
            voters += (i == 0 ? "" : ",") + (i + 1) + "@127.0.0.1:" + ports.get(i)[1];
        }
        for (int i = 0; i < size; i++) {
            int id = i + 1;
            Path config = dir.resolve("server-" + id + ".properties");
            Files.writeString(config, serverProperties(id, ports.get(i)[0], ports.get(i)[1], voters, size));
            nodes.add(new Node(id, ports.get(i)[0], ports.get(i)[1], config));
        }
    }

    /** Starts {@code size} brokers and waits until every one serves. */
    public static KafkaCluster start(int size) {
        return start(size, TEST_JVM_OPTIONS);
    }

    /**
     * Starts {@code size} brokers whose JVMs get {@code jvmOptions} (a benchmark gives them the
     * production JIT, which the tests' brokers go without), and waits until every one serves.
     */
    public static KafkaCluster start(int size, List<String> jvmOptions) {
        try {
            KafkaCluster cluster = new KafkaCluster(size, jvmOptions);
            for (Node node : cluster.nodes) {
                cluster.launch(node);
            }
            cluster.awaitBrokers(size);
            return cluster;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String serverProperties(int id, int brokerPort, int controllerPort, String voters, int size) {
        int replication = Math.min(size, 3);
        return String.join("\n",
                "process.roles=broker,controller",
                "node.id=" + id,
                "controller.quorum.voters=" + voters,
                "listeners=PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + brokerPort,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + dir.resolve("data-" + id),
                "num.partitions=1",
                "auto.create.topics.enable=false",
                "offsets.topic.replication.factor=" + replication,
                "offsets.topic.num.partitions=3",
                "transaction.state.log.replication.factor=" + replication,
                "transaction.state.log.min.isr=" + Math.min(replication, 2),
                "transaction.state.log.num.partitions=3",
                "group.initial.rebalance.delay.ms=0",
                "group.min.session.timeout.ms=500",
                "num.network.threads=2",
                "num.io.threads=4",
                "log.segment.bytes=16777216",
                "message.max.bytes=" + Clients.MAX_REQUEST_BYTES,
                "replica.fetch.max.bytes=" + Clients.MAX_REQUEST_BYTES,
                "") ;
    }

    private void launch(Node node) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(BrokerMain.class.getName());
        command.add(node.config.toString());
        command.add(clusterId);
        node.process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("broker-" + node.id + ".log").toFile())
                .start();
    }

    private void awaitBrokers(int expected) {
        long deadline = System.nanoTime() + START_PATIENCE.toNanos();
        try (Admin admin = Admin.create(adminSettings())) {
            while (true) {
                try {
                    int up = admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).size();
                    if (up >= expected) {
                        return;
                    }
                } catch (Exception notYet) {
                    // starting
                }
                for (Node node : nodes) {
                    if (node.process != null && !node.process.isAlive()) {
                        throw new IllegalStateException("broker " + node.id + " exited: see " + dir);
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the brokers did not start within " + START_PATIENCE + ": see "
                            + dir);
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Properties adminSettings() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return p;
    }

    /** {@code host:port,…} of every broker. */
    public String bootstrapServers() {
        return nodes.stream().map(n -> "127.0.0.1:" + n.brokerPort).collect(Collectors.joining(","));
    }

    /** How many brokers the cluster has. */
    int size() {
        return nodes.size();
    }

    /** Kills broker {@code index} (0-based) with SIGKILL and waits for it to be gone. */
    void kill(int index) throws InterruptedException {
        Process process = nodes.get(index).process;
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** Starts broker {@code index} again after {@link #kill}, on its ports and data. */
    void restart(int index) throws IOException {
        launch(nodes.get(index));
        awaitBrokers(nodes.size());
    }

    @Override
    public void close() {
        for (Node node : nodes) {
            if (node.process != null) {
                node.process.destroy();
            }
        }
        for (Node node : nodes) {
            if (node.process != null) {
                try {
                    if (!node.process.waitFor(20, TimeUnit.SECONDS)) {
                        node.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory; the OS cleans it eventually
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public String toString() {
        return "Kafka cluster of " + nodes.size() + " in " + dir + " (" + UUID.nameUUIDFromBytes(clusterId.getBytes())
                + ")";
    }
}
