package dev.sessionlog.store.log;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a store's partitions keep their files. Each partition's directory holds its log
 * ({@code log/}, one Chronicle queue) and its checkpoints, as a store of one partition always did:
 * for one partition (format 1) that directory is the store directory itself, so stores written
 * before partitions existed are laid out as they always were; for more, it is
 * {@code partitions/<n>/} in the store directory. The store's metadata file and its owner lock stay
 * in the store directory, one each.
 */
public final class StoreLayout {
    /** The directory in a store of several partitions that holds one directory per partition. */
    static final String PARTITIONS = "partitions";
    /** A partition's log directory, inside the partition's directory. */
    public static final String LOG = "log";

    private StoreLayout() {}

    /** The directory of partition {@code partition} of the store in {@code store} described by {@code metadata}. */
    public static Path partitionDir(Path store, StoreMetadata metadata, int partition) {
        if (partition < 0 || partition >= metadata.partitions()) {
            throw new IllegalArgumentException("partition " + partition + " is not one of the store's "
                    + metadata.partitions());
        }
        return metadata.partitions() == 1 ? store : store.resolve(PARTITIONS).resolve(Integer.toString(partition));
    }

    /** Every partition's directory, partition 0 first. */
    public static List<Path> partitionDirs(Path store, StoreMetadata metadata) {
        List<Path> dirs = new ArrayList<>(metadata.partitions());
        for (int partition = 0; partition < metadata.partitions(); partition++) {
            dirs.add(partitionDir(store, metadata, partition));
        }
        return dirs;
    }

    /** The log directory of a partition whose directory is {@code partitionDir}. */
    public static Path logDir(Path partitionDir) {
        return partitionDir.resolve(LOG);
    }
}
