package dev.sessionlog.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the measurements that are not JMH read off this JVM and this machine. */
final class Machine {
    private Machine() {}

    /**
     * The heap in use after full collections: the smallest of four reads, each after
     * {@code System.gc()}, since one collection may leave finalizable or soft-referenced garbage.
     */
    static long usedHeapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int round = 0; round < 4; round++) {
            System.gc();
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    /** The load average line of {@code /proc/loadavg}, or "unknown" where there is none. */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
