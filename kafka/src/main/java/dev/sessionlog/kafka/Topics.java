package dev.sessionlog.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The store's four topics: events (the log, kept forever), requests (appends forwarded to the
 * owner of their partition; its assignment in the consumer group is the ownership of partitions),
 * replies (the owners' answers) and snapshots (each partition's ledger, compacted to the newest).
 * All four have the store's partition count: partition {@code p} of the requests and snapshots
 * topics goes with partition {@code p} of the events topic.
 *
 * @param events the events topic
 * @param requests the requests topic
 * @param replies the replies topic
 * @param snapshots the snapshots topic
 * @param partitions the partition count
 */
record Topics(String events, String requests, String replies, String snapshots, int partitions) {

    /**
     * Finds the store's topics, creating those missing when the options allow, and checks that they
     * agree on the partition count.
     *
     * @throws IllegalStateException when a topic is missing and may not be created, or the topics'
     *     partition counts differ
     * @throws KafkaStoreUnavailableException when the cluster does not answer within the patience
     */
    static Topics open(Admin admin, KafkaStoreOptions options) throws InterruptedException {
        String name = options.storeName();
        String events = name + ".events";
        String requests = name + ".requests";
        String replies = name + ".replies";
        String snapshots = name + ".snapshots";
        Map<String, String> roles = Map.of(events, "events", requests, "requests", replies, "replies",
                snapshots, "snapshots");
        long patience = options.patience().toMillis();
        try {
            if (options.createTopics()) {
                List<NewTopic> wanted = new ArrayList<>();
                for (var topic : roles.entrySet()) {
                    wanted.add(new NewTopic(topic.getKey(), options.partitions(), options.replicationFactor())
                            .configs(Clients.topicConfig(topic.getValue(), options.minInSyncReplicas())));
                }
                var created = admin.createTopics(wanted).values();
                for (var result : created.values()) {
                    try {
                        result.get(patience, TimeUnit.MILLISECONDS);
                    } catch (ExecutionException e) {
                        if (!(e.getCause() instanceof TopicExistsException)) {
                            throw e;
                        }
                    }
                }
            }
            Map<String, TopicDescription> found = describe(admin, List.of(events, requests, replies, snapshots),
                    patience);
            int partitions = found.get(events).partitions().size();
            for (TopicDescription topic : found.values()) {
                if (topic.partitions().size() != partitions) {
                    throw new IllegalStateException("topic " + topic.name() + " has " + topic.partitions().size()
                            + " partitions and " + events + " has " + partitions + "; they must agree");
                }
            }
            return new Topics(events, requests, replies, snapshots, partitions);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            if (cause instanceof UnknownTopicOrPartitionException) {
                throw new IllegalStateException("the topics of store " + name + " do not exist and the options do"
                        + " not allow creating them", cause);
            }
            throw new KafkaStoreUnavailableException("could not find or create the topics of store " + name, cause);
        }
    }

    private static Map<String, TopicDescription> describe(Admin admin, List<String> topics, long patience)
            throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(patience);
        while (true) {
            try {
                return admin.describeTopics(topics).allTopicNames().get(patience, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                // A topic just created may not be known to every broker yet.
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }
}
