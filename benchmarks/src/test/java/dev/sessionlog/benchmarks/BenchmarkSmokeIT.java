package dev.sessionlog.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.junit.jupiter.api.Test;

/**
 * The smoke mode: every benchmark runs one 100 ms iteration at its smallest parameter points, in
 * this JVM (which has the Chronicle flags from failsafe), so that the benchmarks keep compiling and
 * running. The numbers mean nothing; only that each benchmark produced one.
 */
class BenchmarkSmokeIT {
    private static final String ALL = "dev\\.sessionlog\\.benchmarks\\..*";
    private static final String DURABLE = "dev\\.sessionlog\\.benchmarks\\.DurableThroughputBenchmark\\..*";

    @Test
    void every_benchmark_runs_one_short_iteration_and_produces_a_result() throws Exception {
        // JMH takes a machine-wide /tmp/jmh.lock so that two measurements never share the CPUs; a
        // smoke run measures nothing, and must not fail because another build runs JMH meanwhile.
        System.setProperty("jmh.ignoreLock", "true");
        Collection<RunResult> results = new ArrayList<>(new Runner(smoke(ALL).exclude(DURABLE).build()).run());
        // Durable throughput with two callers, not sixteen: sixteen fsyncing callers queued on one
        // session's lock file waited past the lock-file baseline's 30 s timeout on a loaded disk.
        results.addAll(new Runner(smoke(DURABLE).threads(2).build()).run());

        Set<String> ran = new TreeSet<>();
        for (RunResult run : results) {
            Result<?> primary = run.getPrimaryResult();
            String name = run.getParams().getBenchmark() + " " + run.getParams().getParamsKeys().stream()
                    .map(key -> key + "=" + run.getParams().getParam(key)).collect(Collectors.joining(","));
            assertTrue(primary.getSampleCount() > 0, "no samples: " + name);
            assertFalse(Double.isNaN(primary.getScore()), "no score: " + name);
            assertTrue(primary.getScore() > 0, "score " + primary.getScore() + ": " + name);
            ran.add(run.getParams().getBenchmark());
        }
        assertEquals(everyBenchmark(), ran);
    }

    /** One 100 ms iteration at the smallest parameter points, in this JVM, of the benchmarks {@code include} matches. */
    private static ChainedOptionsBuilder smoke(String include) {
        return new OptionsBuilder()
                .include(include)
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(100))
                .param("sessions", "1")
                .param("partitions", "1")
                .param("events", "50")
                .param("indexSize", "100")
                .param("storeEvents", "10000")
                .param("shortSessions", "1000")
                // KafkaAppendBenchmark: the one-broker cluster, shared by its trials in this JVM; three
                // brokers take half a minute to start on two cores and run the same code of the store
                .param("target", "CHRONICLE", "KAFKA_ONE_BROKER")
                .param("partitions", "1")
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT);
    }

    private static Set<String> everyBenchmark() {
        Set<String> names = new TreeSet<>();
        PrintStream silent = new PrintStream(PrintStream.nullOutputStream());
        for (BenchmarkListEntry entry : BenchmarkList.defaultList().find(
                OutputFormatFactory.createFormatInstance(silent, VerboseMode.SILENT), List.of(ALL), List.of())) {
            names.add(entry.getUsername());
        }
        assertFalse(names.isEmpty(), "the JMH benchmark list is empty");
        return names;
    }
}
