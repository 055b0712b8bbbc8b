package dev.sessionlog.benchmarks;

import com.sun.management.OperatingSystemMXBean;
import dev.sessionlog.SessionQuery;
import dev.sessionlog.SessionSummary;
import dev.sessionlog.store.ChronicleSessionStore;
import dev.sessionlog.store.ChronicleStoreOptions;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * <b>Question:</b> how many bytes of heap does an open store keep per session when it holds many
 * short sessions (issue 10 item 13's target: under 200), and how long do an open from the
 * checkpoints and the first {@code sessions()} take (target: under 1 s each at 1,000,000
 * sessions)? The sibling of {@link OpenHeapMeasurement}, which asks the same per event for a few
 * long sessions. Not JMH: retained heap is a single number, used heap after full GCs with the store
 * open minus the same before opening it, here divided by the sessions stored; the times are single
 * shots in a fresh JVM, as a gateway or the CLI meets them.
 *
 * <p>Creates the store in {@code <dir>} when it does not exist yet, so that repeated runs reuse it:
 * {@code <sessions>} sessions of three events each, as a gateway's short conversations look: a
 * {@code SessionStarted} with a key, a {@code UserMessageReceived}, a model change
 * ({@code SettingsChanged}), written as {@link ShortSessions} says.
 * {@code --events E} gives each session E events instead (E - 2 user messages between the start
 * and the model change), for the other end: one session of 2,000,000 events. {@code --partitions P}
 * creates the store with P partitions (default: {@link ChronicleStoreOptions#defaultPartitions()});
 * an existing store keeps its own.
 * <pre>
 * java $FLAGS -Xmx6g -cp benchmarks/target/benchmarks.jar dev.sessionlog.benchmarks.SessionHeapMeasurement \
 *     /tmp/sessions-1m 1000000 [--partitions P] [--events E] [--histogram]
 * </pre>
 * where {@code $FLAGS} are the Chronicle JVM flags of the parent pom ({@code sessionlog.jvm.flags}).
 * It then opens the store for writing (timed, then the heap it retains, then the first
 * {@code sessions()} calls), closes it, opens it again in the now warmed-up JVM (the part of an
 * open that grows with the sessions, without the JVM's and Chronicle's start-up, which a store of
 * a thousand sessions shows alone), and does the same read-only, as the CLI does, where the
 * session index is loaded by the first {@code sessions()}. {@code --histogram} prints the 30
 * largest classes of {@code jcmd <pid> GC.class_histogram} with each store open.
 */
public final class SessionHeapMeasurement {
    private static final int HISTOGRAM_LINES = 30;

    private SessionHeapMeasurement() {}

    /**
     * Arguments: the store directory, the number of sessions (1,000,000 when absent),
     * {@code --partitions P}, {@code --events E} (per session, at least 3), {@code --histogram}.
     */
    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length < 1) {
            System.err.println("usage: SessionHeapMeasurement <store dir> [sessions] [--partitions P] [--events E]"
                    + " [--histogram]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        List<String> arguments = List.of(args);
        int sessions = args.length > 1 && !args[1].startsWith("--") ? Integer.parseInt(args[1]) : 1_000_000;
        int partitions = option(arguments, "--partitions", ChronicleStoreOptions.defaultPartitions());
        int events = option(arguments, "--events", 3);
        if (events < 3) {
            System.err.println("--events must be at least 3");
            System.exit(2);
        }
        boolean histogram = arguments.contains("--histogram");
        System.out.printf("load average at start: %s%n", Machine.loadAverage());
        if (!Files.exists(dir)) {
            long started = System.nanoTime();
            fill(dir, sessions, events, partitions);
            System.out.printf("filled %,d sessions of %,d events, %d partitions, in %.1f s%n", sessions, events,
                    partitions, (System.nanoTime() - started) / 1e9);
        }

        measureWriter(dir, histogram);
        timed("open for writing again, in this warmed-up JVM",
                () -> ChronicleSessionStore.open(dir, ChronicleStoreOptions.defaults())).close();
        long stored = measureReadOnly(dir, histogram);
        System.out.printf("load average at end: %s (%,d sessions)%n", Machine.loadAverage(), stored);
    }

    /** The open a gateway does, in a fresh JVM: time, heap, the first listings, the close. */
    private static void measureWriter(Path dir, boolean histogram) throws IOException, InterruptedException {
        long baseline = Machine.usedHeapAfterGc();
        ChronicleSessionStore writer = timed("open for writing (from the checkpoints, in a fresh JVM)",
                () -> ChronicleSessionStore.open(dir, ChronicleStoreOptions.defaults()));
        report(writer, baseline, histogram);
        timed("first sessions(limit 20)", () -> writer.sessions(SessionQuery.all().limit(20)));
        timed("sessions(all), every summary read",
                () -> writer.sessions(SessionQuery.all()).stream().mapToLong(SessionSummary::lastSequence).sum());
        long closing = System.nanoTime();
        writer.close();
        System.out.printf("close (writes both checkpoints): %,d ms%n", (System.nanoTime() - closing) / 1_000_000);
    }

    /** The open the CLI does: the session index is loaded by the first {@code sessions()}. */
    private static long measureReadOnly(Path dir, boolean histogram) throws IOException, InterruptedException {
        long baseline = Machine.usedHeapAfterGc();
        try (ChronicleSessionStore reader = timed("open read-only", () -> ChronicleSessionStore.openReadOnly(dir))) {
            timed("first sessions(limit 20), read-only (loads the session index)",
                    () -> reader.sessions(SessionQuery.all().limit(20)));
            return report(reader, baseline, histogram);
        }
    }

    /** Prints the heap the open {@code store} retains per session; returns the sessions it holds. */
    private static long report(ChronicleSessionStore store, long baseline, boolean histogram)
            throws IOException, InterruptedException {
        long retained = Machine.usedHeapAfterGc() - baseline;
        if (histogram) {
            printHistogram();
        }
        List<SessionSummary> all = store.sessions(SessionQuery.all());
        long sessions = all.size();
        long events = all.stream().mapToLong(SessionSummary::lastSequence).sum();
        System.out.printf("heap (%s, %d partitions): %,d bytes retained for %,d sessions (%,d events)"
                        + " = %.1f bytes/session, %.1f bytes/event%n", store.readOnly() ? "read-only" : "writer",
                store.partitions(), retained, sessions, events, retained / (double) sessions,
                retained / (double) events);
        return sessions;
    }

    /**
     * Runs {@code action} and prints its wall-clock time, the CPU time of this thread and of the
     * whole process (the threads a store opens its partitions on, the garbage collector's, the
     * compiler's): on a machine shared with other work the CPU times say how much of the wall time
     * was this code's.
     */
    private static <T> T timed(String what, Supplier<T> action) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu = threads.getCurrentThreadCpuTime();
        long processCpu = os.getProcessCpuTime();
        long started = System.nanoTime();
        T result = action.get();
        System.out.printf("%s: %,d ms (CPU: this thread %,d ms, the process %,d ms)%n", what,
                (System.nanoTime() - started) / 1_000_000, (threads.getCurrentThreadCpuTime() - cpu) / 1_000_000,
                (os.getProcessCpuTime() - processCpu) / 1_000_000);
        return result;
    }

    private static void fill(Path dir, int sessions, int events, int partitions) {
        ChronicleStoreOptions options = ChronicleStoreOptions.builder().partitions(partitions).build();
        try (ChronicleSessionStore store = ChronicleSessionStore.open(dir, options)) {
            ShortSessions.fill(store, sessions, events);
        }
    }

    /** The value of {@code name}'s option, or {@code otherwise} when it is not given. */
    private static int option(List<String> arguments, String name, int otherwise) {
        int at = arguments.indexOf(name);
        return at < 0 || at + 1 >= arguments.size() ? otherwise : Integer.parseInt(arguments.get(at + 1));
    }

    private static void printHistogram() throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder("jcmd", Long.toString(ProcessHandle.current().pid()), "GC.class_histogram")
                .redirectErrorStream(true).start();
        List<String> lines = new String(jcmd.getInputStream().readAllBytes()).lines().toList();
        jcmd.waitFor();
        lines.stream().limit(HISTOGRAM_LINES + 3).forEach(System.out::println);
    }
}
