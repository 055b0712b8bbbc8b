package dev.sessionlog.kafka;

import static dev.sessionlog.util.Preconditions.requireArgument;

/**
 * A record of one of the store's topics that a node read and skipped because it is not a valid
 * sessionlog record where it stands: a foreign record (another producer's), a corrupt or truncated
 * one, one of a newer format, or one that does not continue its session and partition (a copy, a
 * forgery, a record from a writer that lost its partition). Skipping never stops the node, its
 * reads or a partition's rebuild; each skipped record is also logged as a warning.
 *
 * @param topic the topic
 * @param partition the partition
 * @param offset the record's Kafka offset
 * @param reason why it was skipped, for people; never the record's content
 */
public record SkippedRecord(String topic, int partition, long offset, String reason) {

    /** Requires every field. */
    public SkippedRecord {
        requireArgument(topic != null && reason != null, "topic and reason must not be null");
        requireArgument(partition >= 0 && offset >= 0, "partition and offset must not be negative");
    }
}
