package dev.sessionlog.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Opening every partition at once: results in partition order, and a failure leaves nothing open. */
class EachPartitionTest {
    @Test
    void results_come_in_partition_order_and_partitions_open_at_the_same_time() throws IOException {
        assumeTrue(Runtime.getRuntime().availableProcessors() >= 2, "needs two threads at once");
        CountDownLatch secondStarted = new CountDownLatch(1);
        List<String> results = EachPartition.run(5, partition -> {
            if (partition == 1) {
                secondStarted.countDown();
            }
            if (partition == 0) { // waits for partition 1, which could never start after it on one thread
                try {
                    assertTrue(secondStarted.await(30, TimeUnit.SECONDS), "partition 1 did not start meanwhile");
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            }
            return "partition " + partition;
        }, result -> { });
        assertEquals(List.of("partition 0", "partition 1", "partition 2", "partition 3", "partition 4"), results);
    }

    @Test
    void one_partition_opens_on_the_calling_thread() throws IOException {
        Thread caller = Thread.currentThread();
        assertEquals(List.of(caller), EachPartition.run(1, partition -> Thread.currentThread(), result -> { }));
    }

    @Test
    void a_failure_undoes_what_the_others_opened_and_throws_the_lowest_partitions_failure() {
        List<Integer> undone = Collections.synchronizedList(new ArrayList<>());
        IOException first = new IOException("partition 1 failed");
        IllegalStateException second = new IllegalStateException("partition 3 failed");
        IOException thrown = assertThrows(IOException.class, () -> EachPartition.run(4, partition -> {
            if (partition == 1) {
                throw first;
            }
            if (partition == 3) {
                throw second;
            }
            return partition;
        }, undone::add));
        assertSame(first, thrown);
        assertEquals(List.of(second), List.of(thrown.getSuppressed()));
        assertEquals(List.of(0, 2), undone.stream().sorted().toList());
    }

    @Test
    void an_unchecked_failure_is_thrown_as_it_was() {
        IllegalStateException failure = new IllegalStateException("cannot map the log");
        assertSame(failure, assertThrows(IllegalStateException.class, () -> EachPartition.run(2, partition -> {
            if (partition == 0) {
                throw failure;
            }
            return partition;
        }, result -> { })));
    }
}
