package dev.sessionlog.kafka;

/**
 * The one broker that the tests of this module share within a test JVM: started by the first test
 * that asks for it, stopped when the JVM exits. Each test uses stores of its own name, so they do
 * not see each other's topics.
 */
final class SharedBroker {
    private static KafkaCluster cluster;

    private SharedBroker() {}

    /** The shared broker's bootstrap servers, starting it if need be. */
    static synchronized String bootstrapServers() {
        if (cluster == null) {
            KafkaCluster started = KafkaCluster.start(1);
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "stop the shared Kafka broker"));
            cluster = started;
        }
        return cluster.bootstrapServers();
    }
}
