package dev.sessionlog.cli;

import dev.sessionlog.kafka.KafkaStoreOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * {@code serve}'s options for one node of a Kafka store (README, "The Kafka store"): given with
 * {@code --kafka}, the others take the store's defaults. Turned into {@link KafkaStoreOptions},
 * whose checks become usage errors naming the option.
 */
final class KafkaStoreArguments {
    @Option(names = "--kafka", required = true, paramLabel = "<servers>",
            description = "Serve a Kafka store instead of --store: its bootstrap servers (host:port,host:port). "
                    + "Every node of a gateway runs its own serve with the same --kafka-store and --token-file.")
    String bootstrapServers;

    @Option(names = "--kafka-store", paramLabel = "<name>",
            description = "The store's name: its topics, consumer group and writers' ids (default: sessionlog).")
    String storeName;

    @Option(names = "--node-id", paramLabel = "<id>",
            description = "This node's id, unique among the store's nodes (default: a new random one).")
    String nodeId;

    @Option(names = "--partitions", paramLabel = "<n>",
            description = "Partitions of the topics when this node creates them (default: 12); fixed afterwards.")
    Integer partitions;

    @Option(names = "--replication-factor", paramLabel = "<n>",
            description = "Replicas of each partition when this node creates the topics (default: 3).")
    Integer replicationFactor;

    @Option(names = "--min-insync-replicas", paramLabel = "<n>",
            description = "Replicas an append must reach before it is acknowledged (default: 2).")
    Integer minInSyncReplicas;

    @Option(names = "--replica-dir", paramLabel = "<dir>",
            description = "Where this node keeps its copy of the events while it runs, a local disk with room for "
                    + "the events topic (default: sessionlog-replicas in the temporary directory).")
    Path replicaDirectory;

    @Option(names = "--durable-replica",
            description = "Keep this node's copy of the events when it stops, and read only what the topic gained "
                    + "since at its next start with the same --node-id (which it needs).")
    boolean durableReplica;

    @Option(names = "--kafka-property", paramLabel = "<name=value>",
            description = "A Kafka client setting for every client of this node (security.protocol, "
                    + "sasl.jaas.config, …); repeatable.")
    List<String> clientProperties = new ArrayList<>();

    /** The options of the store's node, or a usage error naming what is wrong. */
    KafkaStoreOptions options(CommandSpec spec) {
        try {
            KafkaStoreOptions.Builder builder = KafkaStoreOptions.builder(bootstrapServers);
            if (storeName != null) {
                builder.storeName(storeName);
            }
            if (nodeId != null) {
                builder.nodeId(nodeId);
            }
            if (partitions != null) {
                builder.partitions(partitions);
            }
            if (replicationFactor != null) {
                builder.replicationFactor(replicationFactor);
            }
            if (minInSyncReplicas != null) {
                builder.minInSyncReplicas(minInSyncReplicas);
            }
            if (replicaDirectory != null) {
                builder.replicaDirectory(replicaDirectory);
            }
            builder.durableReplica(durableReplica);
            for (String property : clientProperties) {
                int equals = property.indexOf('=');
                if (equals <= 0) {
                    throw new CommandLine.ParameterException(spec.commandLine(),
                            "--kafka-property must be <name>=<value>, was " + property);
                }
                builder.clientProperty(property.substring(0, equals), property.substring(equals + 1));
            }
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "the Kafka store's options: " + e.getMessage());
        }
    }
}
