package dev.sessionlog.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionlog.event.ContentBlock;
import dev.sessionlog.projection.TranscriptMessage;
import java.util.List;

/** The messages of a transcript: what the next prompt would contain. */
enum TranscriptView implements View<TranscriptMessage> {
    INSTANCE;

    @Override
    public List<Column<TranscriptMessage>> columns() {
        return List.of(
                Column.number("SEQ", TranscriptMessage::sequence),
                Column.text("ROLE", 12, m -> m.role().toString().toLowerCase(java.util.Locale.ROOT)),
                Column.text("CONTENT", 2000, m -> (m.toolName() == null ? "" : m.toolName() + (m.isError() ? " error: " : ": "))
                        + EventDescriber.text(m.content())));
    }

    @Override
    public ObjectNode json(TranscriptMessage m) {
        ObjectNode node = Json.object().put("sequence", m.sequence());
        Json.put(node, "role", m.role());
        ArrayNode content = node.putArray("content");
        for (ContentBlock block : m.content()) {
            content.add(block(block));
        }
        Json.put(node, "toolCallId", m.toolCallId());
        Json.put(node, "toolName", m.toolName());
        return node.put("isError", m.isError());
    }

    private static ObjectNode block(ContentBlock block) {
        if (block instanceof ContentBlock.Text text) {
            return Json.object().put("type", "text").put("text", text.text());
        } else if (block instanceof ContentBlock.ToolCall call) {
            return Json.object().put("type", "toolCall").put("id", call.id()).put("name", call.name())
                    .put("arguments", call.argumentsJson());
        } else if (block instanceof ContentBlock.Image image) {
            ObjectNode node = Json.object().put("type", "image").put("mimeType", image.mimeType());
            Json.put(node, "ref", image.ref());
            return node.put("inline", image.data() != null);
        } else if (block instanceof ContentBlock.Thinking thinking) {
            return Json.object().put("type", "thinking").put("thinking", thinking.thinking());
        }
        throw new IllegalStateException("unknown content block " + block.getClass().getName());
    }
}
