package dev.sessionlog.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sessionlog.SessionId;
import dev.sessionlog.spi.Partitioning;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link CrashRecoveryIT} on a store of four partitions, each with its own writer: kill -9 at random
 * moments while sessions of every partition are appended to; nothing acknowledged is lost in any
 * partition, no record is torn, sequences stay gapless and calls left open end as INTERRUPTED.
 */
@Timeout(value = 300, unit = java.util.concurrent.TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PartitionedCrashRecoveryIT {
    private static final int KILLS = 12;
    private static final int PARTITIONS = 4;

    @TempDir
    Path dir;

    @Test
    void sigkill_at_random_moments_loses_no_acknowledged_event_in_any_partition() throws Exception {
        Map<SessionId, Long> acknowledged = CrashRecoveryIT.killRepeatedly(dir, KILLS, PARTITIONS,
                new Random(20261205L));
        Map<Integer, Long> byPartition = acknowledged.entrySet().stream().collect(Collectors.groupingBy(
                ack -> Partitioning.partitionOf(ack.getKey(), PARTITIONS), Collectors.summingLong(Map.Entry::getValue)));
        assertEquals(PARTITIONS, byPartition.size(), "acknowledged appends in every partition: " + byPartition);
    }
}
