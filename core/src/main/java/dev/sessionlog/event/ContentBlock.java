package dev.sessionlog.event;

import static dev.sessionlog.util.Preconditions.requireArgument;

/**
 * One block of message content: what a user sent or a model answered. Tool calls are blocks of an
 * assistant message; their results are {@link ToolResultRecorded} events.
 */
public sealed interface ContentBlock {

    /** Plain text. @param text the text, never null */
    record Text(String text) implements ContentBlock {
        /** Rejects null. */
        public Text {
            requireArgument(text != null, "text must not be null");
        }
    }

    /**
     * An image, inline (base64 {@code data}) or by reference ({@code ref}, such as a media URL).
     *
     * @param mimeType such as {@code image/png}
     * @param data base64 bytes, or null when {@code ref} is given
     * @param ref a reference to the image, or null when {@code data} is given
     */
    record Image(String mimeType, String data, String ref) implements ContentBlock {
        /** Requires a mime type and exactly one of data and ref. */
        public Image {
            requireArgument(mimeType != null && !mimeType.isBlank(), "image mime type must not be blank");
            requireArgument((data == null) != (ref == null), "an image has either data or a ref");
        }
    }

    /**
     * A model's visible reasoning.
     *
     * @param thinking the text
     * @param signature the provider's signature over it, or null
     */
    record Thinking(String thinking, String signature) implements ContentBlock {
        /** Rejects null text. */
        public Thinking {
            requireArgument(thinking != null, "thinking must not be null");
        }
    }

    /**
     * A tool call the model asked for; its result is a {@link ToolResultRecorded} with the same id.
     *
     * @param id the provider's tool-call id
     * @param name the tool's name
     * @param argumentsJson the arguments as a JSON text (an object, normally)
     */
    record ToolCall(String id, String name, String argumentsJson) implements ContentBlock {
        /** Requires id and name; arguments default to {@code {}}. */
        public ToolCall {
            requireArgument(id != null && !id.isBlank(), "tool call id must not be blank");
            requireArgument(name != null && !name.isBlank(), "tool name must not be blank");
            argumentsJson = argumentsJson == null ? "{}" : argumentsJson;
        }
    }
}
