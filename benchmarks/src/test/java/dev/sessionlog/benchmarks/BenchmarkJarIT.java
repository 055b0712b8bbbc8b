package dev.sessionlog.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code benchmarks.jar} as a user runs it: {@code java -jar benchmarks.jar <pattern>}. */
class BenchmarkJarIT {
    private static final Path JAR = Path.of("target", "benchmarks.jar");

    @Test
    void listing_names_every_benchmark_class() throws Exception {
        Run run = java("-l");

        assertEquals(0, run.exitCode, run.output);
        for (String benchmark : List.of("AppendLatencyBenchmark", "AppendThroughputBenchmark",
                "DurableThroughputBenchmark", "ReadLastBenchmark", "MetadataBenchmark", "TranscriptFoldBenchmark", "OpenRecoveryBenchmark", "HungCallsBenchmark",
                "KafkaAppendBenchmark")) {
            assertTrue(run.output.contains(benchmark), benchmark + " missing from: " + run.output);
        }
    }

    @Test
    void a_run_without_an_include_pattern_is_refused() throws Exception {
        Run run = java();

        assertEquals(2, run.exitCode, run.output);
        assertTrue(run.output.contains("usage"), run.output);
    }

    @Test
    void a_forked_chronicle_benchmark_runs_because_the_fork_gets_the_chronicle_flags(@TempDir Path results)
            throws Exception {
        Path json = results.resolve("result.json");

        Run run = java("AppendLatencyBenchmark", "-p", "kind=RAW_CHRONICLE", "-f", "1", "-wi", "0", "-i", "1",
                "-r", "100ms", "-rf", "json", "-rff", json.toString());

        assertEquals(0, run.exitCode, run.output);
        String result = Files.readString(json);
        assertTrue(result.contains("\"primaryMetric\""), result);
        assertTrue(result.contains("--add-opens=java.base/java.lang=ALL-UNNAMED"), result);
    }

    private static Run java(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Djmh.ignoreLock=true"); // another build may be running JMH: see BenchmarkSmokeIT
        command.add("-jar");
        command.add(JAR.toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = process.getInputStream().readAllBytes();
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), "benchmarks.jar did not finish");
        return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    private record Run(int exitCode, String output) {}
}
