package dev.sessionlog.kafka;

import static dev.sessionlog.util.Preconditions.requireArgument;

import dev.sessionlog.StoreCursor;
import dev.sessionlog.failure.FailureClassifier;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * How a {@link KafkaSessionStore} node connects to its Kafka cluster and what it creates there.
 *
 * <p><b>What "acknowledged" means here.</b> An append's future completes once the Kafka transaction
 * holding it is committed: its record is on the partition leader and on at least
 * {@code min.insync.replicas} replicas ({@code acks=all}), each in the page cache of its broker.
 * It is <i>replicated, not fsynced</i>: Kafka does not flush to disk before acknowledging. An
 * acknowledged append survives the loss of any broker but one of the in-sync replicas, and of this
 * node; it does not survive every replica losing power at once before the page cache is written.
 * That is weaker than the Chronicle store's {@code SYNC} mode on one machine and stronger than its
 * {@code BUFFERED} mode against a machine's loss. Use {@link #replicationFactor} 3 and
 * {@link #minInSyncReplicas} 2 (the defaults) in production.
 *
 * <p>Every node of one store uses the same {@link #storeName} (it names the topics, the consumer
 * group and the writers' transactional ids) and its own {@link #nodeId}.
 */
public final class KafkaStoreOptions {
    /** The default free space a node's copy of the events leaves on its disk: 64 MiB. */
    public static final long DEFAULT_REPLICA_DISK_RESERVE_BYTES = 64L << 20;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,200}");

    private final String bootstrapServers;
    private final String storeName;
    private final String nodeId;
    private final int partitions;
    private final short replicationFactor;
    private final int minInSyncReplicas;
    private final boolean createTopics;
    private final Duration groupSessionTimeout;
    private final Duration patience;
    private final int writerQueueCapacity;
    private final Duration watchdogInterval;
    private final long snapshotInterval;
    private final Clock clock;
    private final FailureClassifier classifier;
    private final Map<String, String> clientProperties;
    private final Path replicaDirectory;
    private final long replicaDiskReserveBytes;
    private final boolean durableReplica;

    private KafkaStoreOptions(Builder b) {
        this.bootstrapServers = b.bootstrapServers;
        this.storeName = b.storeName;
        this.nodeId = b.nodeId;
        this.partitions = b.partitions;
        this.replicationFactor = b.replicationFactor;
        this.minInSyncReplicas = b.minInSyncReplicas;
        this.createTopics = b.createTopics;
        this.groupSessionTimeout = b.groupSessionTimeout;
        this.patience = b.patience;
        this.writerQueueCapacity = b.writerQueueCapacity;
        this.watchdogInterval = b.watchdogInterval;
        this.snapshotInterval = b.snapshotInterval;
        this.clock = b.clock;
        this.classifier = b.classifier;
        this.clientProperties = Map.copyOf(b.clientProperties);
        this.replicaDirectory = b.replicaDirectory;
        this.replicaDiskReserveBytes = b.replicaDiskReserveBytes;
        this.durableReplica = b.durableReplica;
    }

    /** A builder for a node of the store on the cluster at {@code bootstrapServers} ({@code host:port,…}). */
    public static Builder builder(String bootstrapServers) {
        return new Builder(bootstrapServers);
    }

    /** The cluster's bootstrap servers. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /**
     * The store's name: the topics are {@code <name>.events}, {@code .requests}, {@code .replies} and
     * {@code .snapshots}.
     */
    public String storeName() {
        return storeName;
    }

    /** This node's id, unique among the store's nodes. */
    public String nodeId() {
        return nodeId;
    }

    /** The partition count the topics are created with; an existing store keeps its own. */
    public int partitions() {
        return partitions;
    }

    /** The replication factor the topics are created with. */
    public short replicationFactor() {
        return replicationFactor;
    }

    /** The {@code min.insync.replicas} the events topic is created with. */
    public int minInSyncReplicas() {
        return minInSyncReplicas;
    }

    /** Whether a missing topic is created at open (else open fails). */
    public boolean createTopics() {
        return createTopics;
    }

    /** How long the group waits for a silent node before giving its partitions to others. */
    public Duration groupSessionTimeout() {
        return groupSessionTimeout;
    }

    /** How long open, a takeover and a forwarded append wait for the cluster before giving up. */
    public Duration patience() {
        return patience;
    }

    /** How many appends may wait for this node's writer, and for forwarded answers, before refusals. */
    public int writerQueueCapacity() {
        return writerQueueCapacity;
    }

    /** How often overdue calls of the partitions this node owns are ended; zero for never. */
    public Duration watchdogInterval() {
        return watchdogInterval;
    }

    /** How many events a partition's writer writes between two snapshots of its ledger; zero for none. */
    public long snapshotInterval() {
        return snapshotInterval;
    }

    /** The clock for recorded-at times and deadlines. */
    public Clock clock() {
        return clock;
    }

    /** How the session handle classifies provider failures. */
    public FailureClassifier failureClassifier() {
        return classifier;
    }

    /** Extra Kafka client settings given to every client this node makes (security, for instance). */
    public Map<String, String> clientProperties() {
        return clientProperties;
    }

    /** Where this node keeps its copy of the events while it is open (see {@link Builder#replicaDirectory}). */
    public Path replicaDirectory() {
        return replicaDirectory;
    }

    /** The free space this node's copy of the events leaves on its disk (see {@link Builder#replicaDiskReserveBytes}). */
    public long replicaDiskReserveBytes() {
        return replicaDiskReserveBytes;
    }

    /** Whether this node keeps its copy of the events and resumes from it (see {@link Builder#durableReplica}). */
    public boolean durableReplica() {
        return durableReplica;
    }

    /** Configures a {@link KafkaStoreOptions}. */
    public static final class Builder {
        private final String bootstrapServers;
        private String storeName = "sessionlog";
        private String nodeId = "node-" + UUID.randomUUID();
        private int partitions = 12;
        private short replicationFactor = 3;
        private int minInSyncReplicas = 2;
        private boolean createTopics = true;
        private Duration groupSessionTimeout = Duration.ofSeconds(6);
        private Duration patience = Duration.ofSeconds(60);
        private int writerQueueCapacity = 8192;
        private Duration watchdogInterval = Duration.ofSeconds(1);
        private long snapshotInterval = 100_000;
        private Clock clock = Clock.systemUTC();
        private FailureClassifier classifier = FailureClassifier.standard();
        private final Map<String, String> clientProperties = new LinkedHashMap<>();
        private Path replicaDirectory = Path.of(System.getProperty("java.io.tmpdir"), "sessionlog-replicas");
        private long replicaDiskReserveBytes = DEFAULT_REPLICA_DISK_RESERVE_BYTES;
        private boolean durableReplica;
        private boolean nodeIdGiven;

        private Builder(String bootstrapServers) {
            requireArgument(bootstrapServers != null && !bootstrapServers.isBlank(), "bootstrap servers must be given");
            this.bootstrapServers = bootstrapServers;
        }

        /** The store's name (default {@code sessionlog}): letters, digits, {@code ._-}. */
        public Builder storeName(String name) {
            requireArgument(name != null && NAME.matcher(name).matches(),
                    "store name must be 1 to 200 letters, digits, '.', '_' or '-'");
            this.storeName = name;
            return this;
        }

        /** This node's id (default: a random one), unique among the store's nodes: letters, digits, {@code ._-}. */
        public Builder nodeId(String id) {
            requireArgument(id != null && NAME.matcher(id).matches(),
                    "node id must be 1 to 200 letters, digits, '.', '_' or '-'");
            this.nodeId = id;
            this.nodeIdGiven = true;
            return this;
        }

        /**
         * The partition count of a new store (default 12), fixed once the topics exist: adding
         * partitions later would move sessions. More partitions spread the writing over more nodes.
         */
        public Builder partitions(int count) {
            requireArgument(count >= 1 && count <= StoreCursor.MAX_PARTITIONS, "partitions must be between 1 and %s",
                    StoreCursor.MAX_PARTITIONS);
            this.partitions = count;
            return this;
        }

        /** The replication factor of new topics (default 3). */
        public Builder replicationFactor(int factor) {
            requireArgument(factor >= 1 && factor <= Short.MAX_VALUE, "replication factor must be positive");
            this.replicationFactor = (short) factor;
            return this;
        }

        /** The {@code min.insync.replicas} of a new events topic (default 2): an append is acknowledged on that many. */
        public Builder minInSyncReplicas(int count) {
            requireArgument(count >= 1, "min in-sync replicas must be positive");
            this.minInSyncReplicas = count;
            return this;
        }

        /** Whether open creates missing topics (default true); false when an operator creates them. */
        public Builder createTopics(boolean create) {
            this.createTopics = create;
            return this;
        }

        /**
         * How long the group waits for a silent node before its partitions move (default 6 s, the
         * least Kafka's brokers accept by default, {@code group.min.session.timeout.ms}): the floor of
         * how long appends to a dead node's partitions pause (a takeover adds about a second). A
         * node whose heartbeats stop for longer (a long GC pause, a frozen VM) loses its partitions
         * and is fenced; nothing it acknowledged is lost.
         */
        public Builder groupSessionTimeout(Duration timeout) {
            requireArgument(timeout != null && timeout.toMillis() >= 100, "group session timeout must be at least 100 ms");
            this.groupSessionTimeout = timeout;
            return this;
        }

        /** How long open, a takeover and a forwarded append wait for the cluster (default 60 s). */
        public Builder patience(Duration patience) {
            requireArgument(patience != null && !patience.isNegative() && !patience.isZero(), "patience must be positive");
            this.patience = patience;
            return this;
        }

        /** How many appends may wait for this node's writer or for forwarded answers (default 8192). */
        public Builder writerQueueCapacity(int capacity) {
            requireArgument(capacity >= 1, "writer queue capacity must be positive, was %s", capacity);
            this.writerQueueCapacity = capacity;
            return this;
        }

        /** How often overdue calls are ended (default 1 s); {@link Duration#ZERO} runs no background watchdog. */
        public Builder watchdogInterval(Duration interval) {
            requireArgument(interval != null && !interval.isNegative(), "watchdog interval must not be negative");
            this.watchdogInterval = interval;
            return this;
        }

        /**
         * How many events a partition's writer writes between two snapshots of the partition's ledger
         * (default 100,000); zero writes none. A node that opens restores each partition's ledger
         * from its newest snapshot and replays only the events after it. Each snapshot costs the
         * writer a copy of the ledger (about 8 bytes per idempotency key and 100 per session) in the
         * transaction it begins.
         */
        public Builder snapshotInterval(long events) {
            requireArgument(events >= 0, "snapshot interval must not be negative, was %s", events);
            this.snapshotInterval = events;
            return this;
        }

        /** The clock for recorded-at times and deadlines (default: the UTC system clock). */
        public Builder clock(Clock clock) {
            requireArgument(clock != null, "clock must not be null");
            this.clock = clock;
            return this;
        }

        /** How the session handle classifies provider failures (default: the standard rules). */
        public Builder failureClassifier(FailureClassifier classifier) {
            requireArgument(classifier != null, "failure classifier must not be null");
            this.classifier = classifier;
            return this;
        }

        /**
         * A Kafka client setting for every client of this node ({@code security.protocol},
         * {@code sasl.jaas.config}, …). Settings the store depends on (serializers, isolation,
         * transactions, acknowledgements) are the store's and cannot be replaced.
         */
        public Builder clientProperty(String name, String value) {
            requireArgument(name != null && value != null, "name and value must not be null");
            this.clientProperties.put(name, value);
            return this;
        }

        /**
         * Where this node keeps its copy of the store's events while it is open (default
         * {@code sessionlog-replicas} in {@code java.io.tmpdir}): a folder of its own, read from the
         * events topic at every open and removed at close (unless {@link #durableReplica}), about
         * the size of the events topic. The heap holds about 35 bytes per event, not the events.
         * Give a local disk with room for the whole store: where {@code /tmp} is a memory file
         * system ({@code tmpfs}), the default puts the copy in memory. Nodes may share a directory:
         * each makes its own folder in it, and removes the folders of the store's nodes that were
         * killed before they could.
         */
        public Builder replicaDirectory(Path directory) {
            requireArgument(directory != null, "replica directory must not be null");
            this.replicaDirectory = directory;
            return this;
        }

        /**
         * The free space this node's copy of the events must leave on the disk of
         * {@link #replicaDirectory} (default 64 MiB). When the next record read from the topic
         * would leave less, the node's replica stops: its reads fail with
         * {@link ReplicaStoppedException}, it leaves the group so that other nodes take its
         * partitions over, and its appends are forwarded to them; reopen it once there is room.
         */
        public Builder replicaDiskReserveBytes(long bytes) {
            requireArgument(bytes >= 0, "replica disk reserve must not be negative, was %s", bytes);
            this.replicaDiskReserveBytes = bytes;
            return this;
        }

        /**
         * Whether this node keeps its copy of the events when it closes, in a folder named after its
         * node id under {@link #replicaDirectory}, and resumes from it at its next open with the same
         * id: it then reads from the topic only what was committed since (default false: the copy is
         * read from the topic at every open and removed at close). The copy is checked against the
         * topic before it is used (a topic made again under the same name, a copy cut short by a
         * crash), and read from the topic again where it disagrees. Needs a {@link #nodeId} of the
         * node's own; a second node that opens with an id whose copy is in use is refused.
         */
        public Builder durableReplica(boolean durable) {
            this.durableReplica = durable;
            return this;
        }

        /** The options. */
        public KafkaStoreOptions build() {
            requireArgument(!durableReplica || nodeIdGiven, "a durable replica needs a node id of the node's own:"
                    + " its next open with that id resumes from it");
            requireArgument(minInSyncReplicas <= replicationFactor, "min in-sync replicas (%s) exceed the replication"
                    + " factor (%s)", minInSyncReplicas, replicationFactor);
            return new KafkaStoreOptions(this);
        }
    }
}
