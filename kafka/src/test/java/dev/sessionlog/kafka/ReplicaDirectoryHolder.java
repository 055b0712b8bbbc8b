package dev.sessionlog.kafka;

import java.nio.file.Path;

/**
 * A child JVM that makes a replica folder, says where, and holds it until it is killed: what a node
 * killed with SIGKILL leaves behind, for {@link ReplicaDirectoryTest}.
 */
final class ReplicaDirectoryHolder {
    private ReplicaDirectoryHolder() {}

    public static void main(String[] args) throws InterruptedException {
        ReplicaDirectory directory = ReplicaDirectory.create(Path.of(args[0]), args[1], 0);
        System.out.println("HOLDING " + directory.path());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
