package dev.sessionlog.store;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * Runs a step of opening a store (or of a read-only store's first listing, which loads the session
 * indexes) for every partition at once, on up to one thread per processor: partitions share nothing
 * then (each its own log, checkpoints, index and ledger), and loading the checkpoints of a million
 * sessions is most of an open, so on a host with a core for each partition (the default partition
 * count) they load side by side. On the shared 2-vCPU machine of benchmarks/README no gain showed
 * against one partition after the other. A store of one partition runs the step on the calling
 * thread.
 */
final class EachPartition {
    private EachPartition() {}

    /** What is done for one partition. */
    @FunctionalInterface
    interface Step<T> {
        T run(int partition) throws IOException;
    }

    /**
     * The results of {@code step} for partitions 0 to {@code count - 1}, in that order, once every
     * step has ended. When one fails, each result the others gave is handed to {@code undo} (so that
     * nothing they opened stays open), and the failure of the lowest partition is thrown, the others
     * added to it as suppressed.
     */
    static <T> List<T> run(int count, Step<T> step, Consumer<T> undo) throws IOException {
        if (count == 1) {
            return List.of(step.run(0));
        }
        int threads = Math.min(count, Runtime.getRuntime().availableProcessors());
        ExecutorService pool = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "sessionlog-open");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<CompletableFuture<T>> steps = new ArrayList<>(count);
            for (int partition = 0; partition < count; partition++) {
                int number = partition;
                steps.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return step.run(number);
                    } catch (IOException e) {
                        throw new StepFailed(e);
                    }
                }, pool));
            }
            return collect(steps, undo);
        } finally {
            pool.shutdown();
        }
    }

    private static <T> List<T> collect(List<CompletableFuture<T>> steps, Consumer<T> undo) throws IOException {
        List<T> results = new ArrayList<>(steps.size());
        Throwable failure = null;
        for (CompletableFuture<T> step : steps) {
            try {
                results.add(step.join()); // waits for every step, whatever the others did
            } catch (CompletionException e) {
                Throwable cause = e.getCause() instanceof StepFailed wrapped ? wrapped.getCause() : e.getCause();
                if (failure == null) {
                    failure = cause;
                } else {
                    failure.addSuppressed(cause);
                }
            }
        }
        if (failure == null) {
            return results;
        }
        results.forEach(undo);
        if (failure instanceof IOException io) {
            throw io;
        }
        if (failure instanceof Error error) {
            throw error;
        }
        throw (RuntimeException) failure; // a step throws nothing else
    }

    /** Carries a step's {@link IOException} out of the pool, to be thrown as it was. */
    private static final class StepFailed extends RuntimeException {
        StepFailed(IOException cause) {
            super(cause);
        }
    }
}
