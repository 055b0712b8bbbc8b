package dev.sessionlog.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionlog.CallId;
import dev.sessionlog.EventId;
import dev.sessionlog.EventMetadata;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.SessionKey;
import dev.sessionlog.event.ContentBlock;
import dev.sessionlog.event.ContextMessageAdded;
import dev.sessionlog.event.CustomEntryRecorded;
import dev.sessionlog.event.DeliveryRecorded;
import dev.sessionlog.event.ModelCallCompleted;
import dev.sessionlog.event.ModelCallFailed;
import dev.sessionlog.event.ModelCallStarted;
import dev.sessionlog.event.SessionEnded;
import dev.sessionlog.event.SessionKeyAssigned;
import dev.sessionlog.event.SessionEvent;
import dev.sessionlog.event.SessionStarted;
import dev.sessionlog.event.SettingsChanged;
import dev.sessionlog.event.ToolResultRecorded;
import dev.sessionlog.event.TranscriptCompacted;
import dev.sessionlog.event.TurnAborted;
import dev.sessionlog.event.Usage;
import dev.sessionlog.event.UserMessageReceived;
import dev.sessionlog.failure.FailureKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Seeded random events of every type with random valid field values: unicode (emoji, lone
 * surrogates, control characters, quotes), empty lists, nulls where a field allows them, large
 * strings now and then. The same seed gives the same events, so a failure is reproducible from the
 * seed it prints.
 *
 * <p>JSON-text fields hold either compact JSON (as Jackson writes it, which is the form the codec
 * gives back) or text that is certainly not JSON (kept verbatim), so that equality survives a round
 * trip. Retry-after durations are whole milliseconds, the wire format's precision.
 */
public final class RandomEvents {

    /** Every event type, in a fixed order. */
    public static final List<Class<? extends SessionEvent>> TYPES = List.of(SessionStarted.class,
            UserMessageReceived.class, ModelCallStarted.class, ModelCallCompleted.class, ModelCallFailed.class,
            ToolResultRecorded.class, SettingsChanged.class, TranscriptCompacted.class, DeliveryRecorded.class,
            TurnAborted.class, CustomEntryRecorded.class, ContextMessageAdded.class, SessionKeyAssigned.class,
            SessionEnded.class);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] SAMPLES = {"a", "Z", "0", " ", "\"", "\\", "/", "\n", "\t", "\u0000", "\u001f",
        "\u007f", "é", "ß", "İ", "Ω", "中", "日本", "🙂", "👩‍💻", "\ud83d", "\ude00", "\u2028", "\ufeff", "{", "}", "<", "&"};

    private final Random random;

    /** Events from this seed. */
    public RandomEvents(long seed) {
        this.random = new Random(seed);
    }

    /** An event of a random type. */
    public SessionEvent event() {
        return event(TYPES.get(random.nextInt(TYPES.size())));
    }

    /** An event of the given type. */
    public SessionEvent event(Class<? extends SessionEvent> type) {
        if (type == SessionStarted.class) {
            return new SessionStarted(orNull(this::sessionKey), orNull(this::text),
                    orNull(this::text), orNull(this::jsonText), pick(SessionStarted.Reason.values()),
                    orNull(this::sessionId));
        }
        if (type == UserMessageReceived.class) {
            List<ContentBlock> content = content();
            if (content.isEmpty()) {
                content = List.of(new ContentBlock.Text(text()));
            }
            return new UserMessageReceived(orNull(this::nonBlank), content, orNull(this::jsonText));
        }
        if (type == ModelCallStarted.class) {
            return new ModelCallStarted(callId(), nonBlank(), nonBlank(), 1 + random.nextInt(random.nextBoolean()
                    ? 5 : Integer.MAX_VALUE), orNull(this::instant));
        }
        if (type == ModelCallCompleted.class) {
            return new ModelCallCompleted(callId(), content(), random.nextBoolean() ? usage() : null,
                    orNull(this::text));
        }
        if (type == ModelCallFailed.class) {
            return new ModelCallFailed(callId(), orNull(this::text), orNull(this::text),
                    pick(FailureKind.values()), orNull(() -> random.nextInt(1000)), orNull(this::text),
                    orNull(this::duration), orNull(this::providerMessage), random.nextBoolean());
        }
        if (type == ToolResultRecorded.class) {
            return new ToolResultRecorded(nonBlank(), orNull(this::text), content(), random.nextBoolean());
        }
        if (type == SettingsChanged.class) {
            String provider = orNull(this::text);
            String model = orNull(this::text);
            String thinkingLevel = orNull(this::text);
            Map<String, String> other = random.nextBoolean() ? stringMap(8) : Map.of();
            boolean changesSomething = provider != null || model != null || thinkingLevel != null || !other.isEmpty();
            return new SettingsChanged(provider, changesSomething ? model : text(), thinkingLevel, other);
        }
        if (type == TranscriptCompacted.class) {
            return new TranscriptCompacted(text(), 1 + nonNegativeLong(Long.MAX_VALUE - 1), nonNegativeLong(Long.MAX_VALUE));
        }
        if (type == DeliveryRecorded.class) {
            return new DeliveryRecorded(nonBlank(), orNull(this::text), text());
        }
        if (type == TurnAborted.class) {
            return new TurnAborted(pick(TurnAborted.Reason.values()), orNull(this::callId));
        }
        if (type == CustomEntryRecorded.class) {
            return new CustomEntryRecorded(nonBlank(), jsonText());
        }
        if (type == ContextMessageAdded.class) {
            return new ContextMessageAdded(nonBlank(), content(), random.nextBoolean());
        }
        if (type == SessionKeyAssigned.class) {
            return new SessionKeyAssigned(sessionKey(), orNull(this::text), orNull(this::text), orNull(this::jsonText));
        }
        if (type == SessionEnded.class) {
            return new SessionEnded(pick(SessionEnded.Reason.values()));
        }
        throw new IllegalArgumentException("RandomEvents cannot make a " + type.getName());
    }

    /** A stored event with a random envelope around a random event. */
    public RecordedEvent recorded() {
        return recorded(nonNegativeLong(Long.MAX_VALUE), sessionId(), 1 + nonNegativeLong(Long.MAX_VALUE - 1));
    }

    /** A stored event at a chosen place: a random event, id, time and metadata. */
    public RecordedEvent recorded(long position, SessionId session, long sequence) {
        return new RecordedEvent(position, session, sequence, new EventId(new UUID(random.nextLong(), random.nextLong())),
                instant(), event(), metadata());
    }

    /** Random metadata, often empty. */
    public EventMetadata metadata() {
        if (random.nextInt(3) == 0) {
            return EventMetadata.EMPTY;
        }
        return new EventMetadata(orNull(this::text), orNull(this::text),
                random.nextBoolean() ? stringMap(EventMetadata.MAX_ATTRIBUTES) : null);
    }

    /** Any string: unicode, lone surrogates, control characters; now and then a large one. */
    public String text() {
        int shape = random.nextInt(50);
        int length = shape == 0 ? 0 : shape == 1 ? 20_000 + random.nextInt(100_000) : random.nextInt(40);
        StringBuilder text = new StringBuilder(length);
        while (text.length() < length) {
            switch (random.nextInt(4)) {
                case 0 -> text.append(SAMPLES[random.nextInt(SAMPLES.length)]);
                case 1 -> text.append((char) random.nextInt(0x10000));
                case 2 -> text.appendCodePoint(0x10000 + random.nextInt(0x10FFFF - 0x10000));
                default -> text.append((char) ('a' + random.nextInt(26)));
            }
        }
        return text.toString();
    }

    /** A JSON text: compact JSON as Jackson writes it, or (one time in five) text that is not JSON. */
    public String jsonText() {
        JsonNode value = random.nextInt(4) == 0 ? scalar() : container(0);
        String json;
        try {
            json = JSON.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        if (random.nextInt(5) == 0) {
            return random.nextBoolean() ? "not json: " + text() : "{\"cut\":" + json;
        }
        return json;
    }

    private JsonNode container(int depth) {
        int size = depth > 4 ? 0 : random.nextInt(5);
        if (random.nextBoolean()) {
            ObjectNode object = JsonNodeFactory.instance.objectNode();
            for (int i = 0; i < size; i++) {
                object.set(text(), random.nextInt(3) == 0 ? container(depth + 1) : scalar());
            }
            return object;
        }
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        for (int i = 0; i < size; i++) {
            array.add(random.nextInt(3) == 0 ? container(depth + 1) : scalar());
        }
        return array;
    }

    private JsonNode scalar() {
        return switch (random.nextInt(6)) {
            case 0 -> JsonNodeFactory.instance.textNode(text());
            case 1 -> JsonNodeFactory.instance.numberNode(random.nextLong());
            case 2 -> JsonNodeFactory.instance.numberNode(random.nextDouble() * Math.pow(10, random.nextInt(40) - 20));
            case 3 -> JsonNodeFactory.instance.booleanNode(random.nextBoolean());
            case 4 -> JsonNodeFactory.instance.nullNode();
            default -> JsonNodeFactory.instance.numberNode(random.nextInt(100));
        };
    }

    private List<ContentBlock> content() {
        int size = random.nextInt(5);
        List<ContentBlock> blocks = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            blocks.add(switch (random.nextInt(4)) {
                case 0 -> new ContentBlock.Text(text());
                case 1 -> random.nextBoolean()
                        ? new ContentBlock.Image(nonBlank(), text(), null)
                        : new ContentBlock.Image(nonBlank(), null, text());
                case 2 -> new ContentBlock.Thinking(text(), orNull(this::text));
                default -> new ContentBlock.ToolCall(nonBlank(), nonBlank(), jsonText());
            });
        }
        return blocks;
    }

    private Usage usage() {
        double cost = switch (random.nextInt(5)) {
            case 0 -> 0;
            case 1 -> Double.MIN_VALUE;
            case 2 -> Double.MAX_VALUE;
            default -> random.nextDouble() * 100;
        };
        return new Usage(nonNegativeLong(Long.MAX_VALUE), nonNegativeLong(1_000_000), nonNegativeLong(1_000_000),
                nonNegativeLong(1_000_000), nonNegativeLong(Long.MAX_VALUE), cost);
    }

    /** Messages that the record's redaction and length bound leave unchanged when applied again. */
    private String providerMessage() {
        return switch (random.nextInt(4)) {
            case 0 -> "Authorization: Bearer sk-ant-" + id(40) + " was rejected";
            case 1 -> "x".repeat(ModelCallFailed.MAX_MESSAGE_LENGTH + 100);
            default -> text();
        };
    }

    private Instant instant() {
        return switch (random.nextInt(6)) {
            case 0 -> Instant.EPOCH;
            case 1 -> Instant.ofEpochSecond(-62_135_596_800L - random.nextInt(1_000_000), random.nextInt(1_000_000_000));
            case 2 -> Instant.ofEpochSecond(253_402_300_800L + random.nextInt(Integer.MAX_VALUE), random.nextInt(1_000_000));
            default -> Instant.ofEpochSecond(random.nextInt(Integer.MAX_VALUE) * 2L, random.nextInt(1_000_000_000));
        };
    }

    private Duration duration() {
        return Duration.ofMillis(random.nextBoolean() ? random.nextInt(120_000) : nonNegativeLong(Long.MAX_VALUE));
    }

    /** Lower-cased before it is cut: lower-casing can lengthen a text. */
    private SessionKey sessionKey() {
        String key = id(SessionKey.MAX_LENGTH).toLowerCase(java.util.Locale.ROOT);
        return new SessionKey(key.length() > SessionKey.MAX_LENGTH ? key.substring(0, SessionKey.MAX_LENGTH) : key);
    }

    private CallId callId() {
        return new CallId(id(CallId.MAX_LENGTH));
    }

    private SessionId sessionId() {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789._-";
        StringBuilder id = new StringBuilder().append(alphabet.charAt(random.nextInt(36)));
        int length = random.nextInt(SessionId.MAX_LENGTH);
        while (id.length() < length) {
            char c = alphabet.charAt(random.nextInt(alphabet.length()));
            if (c != '.' || id.charAt(id.length() - 1) != '.') {
                id.append(c);
            }
        }
        return new SessionId(id.toString());
    }

    /** Non-blank text without control characters, at most {@code maxLength} long. */
    private String id(int maxLength) {
        StringBuilder visible = new StringBuilder();
        text().chars().filter(c -> !Character.isISOControl(c)).forEach(c -> visible.append((char) c));
        String text = visible.toString().strip();
        if (text.length() > maxLength - 1) {
            text = text.substring(0, maxLength - 1);
        }
        return "i" + text;
    }

    private String nonBlank() {
        String text = text();
        return text.isBlank() ? "x" + text : text;
    }

    private Map<String, String> stringMap(int maxSize) {
        int size = random.nextInt(maxSize + 1);
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < size; i++) {
            map.put(text(), text());
        }
        return map;
    }

    private long nonNegativeLong(long bound) {
        return random.nextBoolean() ? random.nextInt(1000) : (random.nextLong() & Long.MAX_VALUE) % bound;
    }

    private <T> T pick(T[] values) {
        return values[random.nextInt(values.length)];
    }

    private <T> T orNull(Supplier<T> value) {
        return random.nextInt(4) == 0 ? null : value.get();
    }
}
