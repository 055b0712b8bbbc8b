package dev.sessionlog.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionlog.projection.UserNotice;
import java.util.List;

/** The notices a user was shown for failed model calls. */
enum NoticeView implements View<UserNotice> {
    INSTANCE;

    @Override
    public List<Column<UserNotice>> columns() {
        return List.of(
                Column.number("SEQ", UserNotice::sequence),
                Column.text("AT", 30, n -> n.at().toString()),
                Column.text("KIND", 16, n -> n.kind().toString()),
                Column.text("NOTICE", 400, UserNotice::text));
    }

    @Override
    public ObjectNode json(UserNotice n) {
        ObjectNode node = Json.object().put("sequence", n.sequence()).put("callId", n.callId().value());
        Json.put(node, "kind", n.kind());
        node.put("text", n.text());
        return Json.put(node, "at", n.at());
    }
}
