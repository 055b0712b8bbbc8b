package dev.sessionlog.kafka;

import dev.sessionlog.AppendResult;
import dev.sessionlog.ExpectedSequence;
import dev.sessionlog.NewEvent;
import dev.sessionlog.SessionId;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** One item of a partition writer's batch, and where its answer goes. */
sealed interface Work {

    /** The partition of the events topic the item belongs to. */
    int partition();

    /** An append made on this node; its future completes once the append is replicated here. */
    record Local(int partition, SessionId session, ExpectedSequence expected, List<NewEvent> events,
                 CompletableFuture<AppendResult> future) implements Work {}

    /** An append another node forwarded through the requests topic; it is answered in the replies topic. */
    record Forwarded(int partition, AppendRequest request, long offset) implements Work {}

    /** A record of the requests topic that is not a request: consumed (its offset committed), never answered. */
    record Unreadable(int partition, long offset) implements Work {}
}
