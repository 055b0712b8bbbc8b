package dev.sessionlog.kafka;

import java.io.IOException;
import java.io.InputStream;

/**
 * A Kafka broker in a child JVM (KRaft, combined broker and controller): formats its storage with
 * Kafka's own {@code StorageTool}, then runs {@code kafka.Kafka}, the production broker. It exits
 * when its standard input closes, so a test JVM that dies (even by SIGKILL) leaves no broker behind.
 *
 * <p>Arguments: the server properties file, the cluster id.
 */
public final class BrokerMain {
    private BrokerMain() {}

    public static void main(String[] args) throws Exception {
        Thread orphanWatch = new Thread(() -> {
            try (InputStream in = System.in) {
                while (in.read() >= 0) {
                    // the parent writes nothing; end of input means it is gone
                }
            } catch (IOException e) {
                // the same
            }
            Runtime.getRuntime().halt(3);
        }, "orphan-watch");
        orphanWatch.setDaemon(true);
        orphanWatch.start();
        int formatted = kafka.tools.StorageTool.execute(
                new String[] {"format", "-t", args[1], "-c", args[0], "--ignore-formatted"}, System.out);
        if (formatted != 0) {
            System.err.println("formatting the broker's storage failed: " + formatted);
            Runtime.getRuntime().halt(2);
        }
        kafka.Kafka.main(new String[] {args[0]});
    }
}
