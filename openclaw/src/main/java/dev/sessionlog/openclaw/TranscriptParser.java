package dev.sessionlog.openclaw;

import static dev.sessionlog.util.Preconditions.quote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessionlog.CallId;
import dev.sessionlog.EventMetadata;
import dev.sessionlog.NewEvent;
import dev.sessionlog.SessionId;
import dev.sessionlog.event.CustomEntryRecorded;
import dev.sessionlog.event.ModelCallStarted;
import dev.sessionlog.event.SessionEnded;
import dev.sessionlog.event.SessionEvent;
import dev.sessionlog.event.SessionStarted;
import dev.sessionlog.event.SettingsChanged;
import dev.sessionlog.failure.FailureClassifier;
import dev.sessionlog.failure.SecretRedactor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.time.Instant;
import java.util.TreeMap;

/**
 * Reads one transcript file in one streaming pass. Not thread-safe: one instance per file.
 *
 * <p>Version 1 entries (no ids) get ids derived from the session id and line number, chained by
 * {@code parentId}, as OpenClaw's own migration does, so a re-import derives the same ids and the
 * same idempotency keys. Their {@code firstKeptEntryIndex} becomes the {@code firstKeptEntryId} of
 * the entry on that line, and version 2's {@code hookMessage} role becomes {@code custom}.
 */
final class TranscriptParser {
    private static final int MAX_KEY_ID_LENGTH = 100;
    private static final int SUPPORTED_VERSION = 3;

    private final Path path;
    private final TranscriptFile file;
    private final SessionsIndex index;
    private final EntryMapper mapper;
    private final int maxLineBytes;
    private final LinesOpener lines;
    private final String agentId;

    private final List<NewEvent> events = new ArrayList<>();
    private final List<MalformedLine> malformed = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private long malformedCount;
    private long droppedWarnings;
    private long entries;

    private ObjectNode header;
    private String baseId;
    private SessionId sessionId;
    private String refusal;
    private boolean begun;

    private final Set<String> seenIds = new HashSet<>();
    private final Map<String, Long> firstSequenceOfId = new HashMap<>();
    private final Map<Long, String> idOfLine = new HashMap<>();
    private final TreeMap<Long, String> idOfSequence = new TreeMap<>();
    private final Map<CallId, ModelCallStarted> startedCalls = new HashMap<>();
    private String lastId;
    private long synthesizedIds;

    private final EntryRenderer.Context context = new EntryRenderer.Context() {
        @Override
        public ModelCallStarted started(CallId callId) {
            return startedCalls.get(callId);
        }

        @Override
        public String entryIdForSequence(long sequence) {
            Map.Entry<Long, String> entry = idOfSequence.ceilingEntry(sequence);
            return entry == null ? null : entry.getValue();
        }
    };

    /** Opens the lines of a transcript. */
    @FunctionalInterface
    interface LinesOpener {
        TranscriptLines open() throws IOException;
    }

    /** Reads {@code file} with keys from {@code index}. */
    public TranscriptParser(TranscriptFile file, SessionsIndex index, FailureClassifier classifier, int maxLineBytes) {
        this(file, index, classifier, maxLineBytes,
                () -> new BoundedLineReader(Files.newInputStream(file.path()), maxLineBytes), null);
    }

    /**
     * Reads the transcript {@code lines} opens as if it were {@code file} (whose name gives the
     * session id), with keys from {@code index}; {@code agentId}, when not null, is the agent of
     * sessions {@code index} does not name (else the agent is taken from the file's directory).
     */
    TranscriptParser(TranscriptFile file, SessionsIndex index, FailureClassifier classifier, int maxLineBytes,
                     LinesOpener lines, String agentId) {
        this.path = file.path();
        this.file = file;
        this.index = index;
        this.mapper = new EntryMapper(classifier);
        this.maxLineBytes = maxLineBytes;
        this.lines = lines;
        this.agentId = agentId;
    }

    /** Reads the transcript; never throws for what it contains (a database error is a refusal). */
    public TranscriptImport read() {
        try (TranscriptLines lines = this.lines.open()) {
            boolean first = true;
            while (lines.next()) {
                if (lines.isOversized()) {
                    malformed(lines.lineNumber(), "line is " + lines.oversizedLength() + " bytes, longer than the "
                            + maxLineBytes + " allowed");
                    first = false;
                    continue;
                }
                if (isBlank(lines.bytes(), lines.length())) {
                    continue;
                }
                line(lines.lineNumber(), lines.bytes(), lines.length(), first);
                first = false;
                if (refusal != null) {
                    return TranscriptImport.refused(path, file, refusal);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            return TranscriptImport.refused(path, file, "cannot read " + path.getFileName() + ": " + e.getMessage());
        }
        if (!begun) {
            begin();
            if (refusal != null) {
                return TranscriptImport.refused(path, file, refusal);
            }
            warn("the file has no entries");
        }
        JsonNode version = header == null ? null : header.get("version");
        if (synthesizedIds > 0 && version != null && version.canConvertToInt() && version.asInt() >= 2) {
            warn(synthesizedIds + " entries have no id; ids were derived from their line numbers");
        }
        if (file.endReason() != null) {
            EventMetadata ended = EventMetadata.EMPTY;
            Instant archived = Timestamps.ofArchiveSuffix(file.archiveSuffix());
            if (archived != null) {
                ended = ended.withOccurredAt(archived);
            }
            events.add(new NewEvent(new SessionEnded(file.endReason()), ended));
        }
        if (droppedWarnings > 0) {
            warnings.add(droppedWarnings + " more warnings not listed");
        }
        return new TranscriptImport(path, file, sessionId, headerRecord(), events, entries, malformedCount, malformed,
                warnings, null);
    }

    private void line(long lineNumber, byte[] bytes, int length, boolean first) {
        JsonNode node;
        try {
            node = Json.LINE_READER.readTree(bytes, 0, length);
        } catch (IOException | RuntimeException e) {
            malformed(lineNumber, "not JSON");
            return;
        }
        if (node == null || !node.isObject()) {
            malformed(lineNumber, "not a JSON object");
            return;
        }
        String type = Json.text(node, "type");
        if (type == null || type.isBlank()) {
            malformed(lineNumber, "has no type");
            return;
        }
        if (first && type.equals("session")) {
            header = (ObjectNode) node;
            return;
        }
        if (!begun) {
            begin();
            if (refusal != null) {
                return;
            }
        }
        try {
            entry(lineNumber, (ObjectNode) node, type, length);
        } catch (RuntimeException e) {
            malformed(lineNumber, "could not be mapped: " + e.getMessage());
        }
    }

    private void begin() {
        begun = true;
        String headerId = header == null ? null : Json.text(header, "id");
        String nameId = file.nameSessionId();
        if (headerId != null && !SessionId.isValid(headerId)) {
            refusal = "the header's session id " + quote(headerId) + " is invalid (letters, digits, '.', '_', '-'; no '..')";
            return;
        }
        if (!SessionId.isValid(nameId)) {
            refusal = "the file name's session id " + quote(nameId) + " is invalid (letters, digits, '.', '_', '-'; no '..')";
            return;
        }
        if (header == null) {
            warn("no session header; the session id is taken from the file name");
        } else if (headerId == null) {
            warn("the session header has no id; the session id is taken from the file name");
        } else if (!headerId.equalsIgnoreCase(nameId)) {
            warn("the header's session id " + quote(headerId) + " does not match the file name's " + quote(nameId)
                    + "; using the header's");
        }
        JsonNode version = header == null ? null : header.get("version");
        if (version != null && version.canConvertToInt() && version.asInt() > SUPPORTED_VERSION) {
            warn("format version " + version.asInt() + " is newer than " + SUPPORTED_VERSION
                    + "; entries of unknown types are kept as custom entries");
        }
        baseId = headerId != null ? headerId : nameId;
        String importId = file.archiveSuffix() == null ? baseId : baseId + "." + file.archiveSuffix();
        if (!SessionId.isValid(importId)) {
            refusal = "the archive's session id " + quote(importId) + " is invalid";
            return;
        }
        sessionId = SessionId.of(importId);
        Optional<SessionsIndex.Entry> indexed = index.forFileName(path.getFileName().toString())
                .or(() -> index.forSessionId(baseId));
        SessionId parent = parentSession();
        SessionStarted started = new SessionStarted(indexed.map(SessionsIndex.Entry::key).orElse(null),
                indexed.map(SessionsIndex.Entry::agentId).orElseGet(this::agentOfDirectory),
                indexed.map(SessionsIndex.Entry::channel).orElse(null),
                indexed.map(SessionsIndex.Entry::origin).orElse(null), SessionStarted.Reason.IMPORT, parent);
        Map<String, String> attributes = new HashMap<>();
        attributes.put(OpenClawAttributes.FILE, path.getFileName().toString());
        if (header != null) {
            attributes.put(OpenClawAttributes.HEADER, Json.compact(header));
            String timestamp = Json.text(header, "timestamp");
            if (timestamp != null) {
                attributes.put(OpenClawAttributes.TIMESTAMP, timestamp);
            }
            Instant occurred = Timestamps.ofIso(timestamp);
            if (occurred != null) {
                attributes.put(EventMetadata.OCCURRED_AT, occurred.toString());
            }
        }
        events.add(new NewEvent(started, EventMetadata.attributes(attributes)));
        if (header != null) {
            String provider = Json.text(header, "provider");
            String model = Json.text(header, "modelId");
            String thinking = Json.text(header, "thinkingLevel");
            if (provider != null || model != null || thinking != null) {
                Map<String, String> fromHeader = new HashMap<>(Map.of(OpenClawAttributes.FROM_HEADER, "true"));
                if (attributes.containsKey(EventMetadata.OCCURRED_AT)) {
                    fromHeader.put(EventMetadata.OCCURRED_AT, attributes.get(EventMetadata.OCCURRED_AT));
                }
                events.add(new NewEvent(new SettingsChanged(provider, model, thinking, Map.of()),
                        EventMetadata.attributes(fromHeader)));
            }
        }
    }

    /** The agent of {@code ~/.openclaw/agents/<agentId>/sessions/<file>}, or null elsewhere. */
    private String agentOfDirectory() {
        if (agentId != null) {
            return agentId;
        }
        Path sessions = path.toAbsolutePath().getParent();
        Path agent = sessions == null ? null : sessions.getParent();
        Path agents = agent == null ? null : agent.getParent();
        boolean conventional = agents != null && sessions.getFileName().toString().equals("sessions")
                && agents.getFileName() != null && agents.getFileName().toString().equals("agents");
        return conventional ? agent.getFileName().toString() : null;
    }

    private SessionId parentSession() {
        if (header == null) {
            return null;
        }
        String parentPath = Json.text(header, "parentSession") != null ? Json.text(header, "parentSession")
                : Json.text(header, "branchedFrom");
        if (parentPath == null) {
            return null;
        }
        String parentId = FileNames.idOfPath(parentPath);
        if (parentId == null || !SessionId.isValid(parentId)) {
            warn("the parent session " + quote(parentPath) + " does not name a valid session; not linked");
            return null;
        }
        return SessionId.of(parentId);
    }

    private void entry(long lineNumber, ObjectNode json, String type, int length) {
        String originalId = Json.text(json, "id");
        String id = originalId;
        String parentId;
        if (id == null || id.isBlank()) {
            id = synthesizeId(lineNumber);
            synthesizedIds++;
            parentId = lastId;
        } else {
            JsonNode parent = json.get("parentId");
            parentId = parent != null && parent.isTextual() ? parent.asText() : null;
            if (parentId != null && !seenIds.contains(parentId)) {
                warn("line " + lineNumber + ": parentId " + quote(parentId) + " names no earlier entry; treated as a root");
            }
        }
        String key = idempotencyKey(id, lineNumber);
        if (!seenIds.add(id)) {
            warn("line " + lineNumber + ": entry id " + quote(id) + " is used twice");
        }
        migrate(json);

        long firstSequence = events.size() + 1L;
        List<SessionEvent> mapped;
        boolean raw = false;
        String finalId = id;
        EntryMapper.Entry entry = new EntryMapper.Entry() {
            @Override
            public ObjectNode json() {
                return json;
            }

            @Override
            public String key() {
                return key;
            }

            @Override
            public long sequenceOfEntry(String entryId) {
                Long sequence = firstSequenceOfId.get(entryId);
                return sequence == null || entryId.equals(finalId) ? -1 : sequence;
            }
        };
        try {
            mapped = mapper.map(entry);
        } catch (IllegalArgumentException e) {
            warn("line " + lineNumber + ": " + describe(json) + " kept as a custom entry: " + e.getMessage());
            mapped = List.of(EntryMapper.raw(json));
        }
        if (mapped.size() == 1 && mapped.get(0) instanceof CustomEntryRecorded custom
                && custom.customType().startsWith(EntryMapper.RAW_PREFIX)) {
            raw = true;
        }

        Map<String, String> attributes = new HashMap<>();
        attributes.put(OpenClawAttributes.ID, id);
        if (parentId != null) {
            attributes.put(OpenClawAttributes.PARENT_ID, parentId);
        }
        attributes.put(OpenClawAttributes.LINE, Long.toString(lineNumber));
        String timestamp = Json.text(json, "timestamp");
        if (timestamp != null) {
            attributes.put(OpenClawAttributes.TIMESTAMP, timestamp);
        }
        Instant occurred = Timestamps.ofIso(timestamp);
        JsonNode message = json.get("message");
        if (message != null && message.isObject()) {
            JsonNode messageTimestamp = message.get("timestamp");
            if (messageTimestamp != null && messageTimestamp.isIntegralNumber()) {
                attributes.put(OpenClawAttributes.MESSAGE_TIMESTAMP, messageTimestamp.asText());
                occurred = occurred != null ? occurred : Timestamps.ofEpochMillis(messageTimestamp.asLong());
            }
            String api = Json.text(message, "api");
            if (api != null) {
                attributes.put(OpenClawAttributes.API, api);
            }
        }
        if (raw) {
            attributes.put(OpenClawAttributes.RAW, "true");
        }
        if (occurred != null) {
            attributes.put(EventMetadata.OCCURRED_AT, occurred.toString());
        }

        SessionEvent primary = mapped.get(mapped.size() - 1);
        for (SessionEvent event : mapped) {
            if (event instanceof ModelCallStarted started) {
                startedCalls.put(started.callId(), started);
            }
        }
        List<ObjectNode> rendered = EntryRenderer.render(primary, attributes, context);
        if (rendered.size() != 1) {
            // cannot happen for the events the mapper makes; keep the entry whole rather than lose it
            primary = EntryMapper.raw(json);
            mapped = List.of(primary);
            attributes.put(OpenClawAttributes.RAW, "true");
            rendered = EntryRenderer.render(primary, attributes, context);
        }
        Overrides.record(json, rendered.get(0), attributes);

        List<NewEvent> entryEvents = new ArrayList<>(mapped.size());
        for (int i = 0; i < mapped.size() - 1; i++) {
            Map<String, String> secondary = new HashMap<>(Map.of(OpenClawAttributes.ID, id,
                    OpenClawAttributes.LINE, Long.toString(lineNumber)));
            if (occurred != null) {
                secondary.put(EventMetadata.OCCURRED_AT, occurred.toString());
            }
            entryEvents.add(new NewEvent(mapped.get(i), EventMetadata.attributes(secondary)));
        }
        entryEvents.add(new NewEvent(primary, EventMetadata.attributes(attributes)));
        if (length > EventSizes.CHECK_ABOVE_LINE_BYTES) {
            long largest = EventSizes.largest(entryEvents);
            if (largest > EventSizes.MAX_EVENT_BYTES) {
                warn("line " + lineNumber + ": " + describe(json) + " " + quote(id) + " would be a " + largest
                        + "-byte event, more than the " + EventSizes.MAX_EVENT_BYTES + " bytes an event may hold;"
                        + " stored as an " + EventSizes.DROPPED_TYPE + " placeholder naming it");
                entryEvents = List.of(EventSizes.placeholder(json, id, lineNumber, largest, attributes));
            }
        }
        events.addAll(entryEvents);
        entries++;
        firstSequenceOfId.putIfAbsent(id, firstSequence);
        idOfLine.put(lineNumber, id);
        idOfSequence.put(firstSequence, id);
        lastId = id;
    }

    /**
     * Version 1 and 2 shapes to version 3, as OpenClaw's own loader migrates them, and provider
     * errors redacted.
     */
    private void migrate(ObjectNode json) {
        JsonNode index = json.get("firstKeptEntryIndex");
        if (index != null && index.canConvertToLong() && !json.has("firstKeptEntryId")) {
            String kept = idOfLine.get(index.asLong() + 1);
            if (kept != null) {
                json.remove("firstKeptEntryIndex");
                json.put("firstKeptEntryId", kept);
            }
        }
        JsonNode message = json.get("message");
        if (message != null && message.isObject()) {
            ObjectNode messageNode = (ObjectNode) message;
            if ("hookMessage".equals(Json.text(messageNode, "role"))) {
                messageNode.put("role", "custom");
            }
            redact(messageNode, "errorMessage");
        }
        JsonNode data = json.get("data");
        if (EntryMapper.PROMPT_ERROR.equals(Json.text(json, "customType")) && data != null && data.isObject()) {
            redact((ObjectNode) data, "error");
        }
    }

    /**
     * Provider errors may quote API keys; the failed-call event redacts them, and so must the
     * overrides that keep the original, or the secret would be stored after all.
     */
    private static void redact(ObjectNode node, String field) {
        String value = Json.text(node, field);
        if (value != null) {
            node.put(field, SecretRedactor.redact(value));
        }
    }

    private String synthesizeId(long lineNumber) {
        String seed = (file.nameSessionId() == null ? "" : file.nameSessionId()) + ":" + lineNumber;
        int hash = 0x811c9dc5;
        for (int i = 0; i < seed.length(); i++) {
            hash = (hash ^ seed.charAt(i)) * 0x01000193;
        }
        String id = Json.hex8(hash);
        while (seenIds.contains(id)) {
            hash++;
            id = Json.hex8(hash);
        }
        return id;
    }

    /** {@code openclaw:<id>}; an id too long or odd for a key is replaced by its line. */
    private String idempotencyKey(String id, long lineNumber) {
        boolean usable = id.length() <= MAX_KEY_ID_LENGTH && !id.isBlank() && !seenIds.contains(id);
        for (int i = 0; usable && i < id.length(); i++) {
            usable = !Character.isISOControl(id.charAt(i));
        }
        return usable ? "openclaw:" + id : "openclaw:line-" + lineNumber;
    }

    private static String describe(ObjectNode json) {
        String type = Json.text(json, "type");
        JsonNode message = json.get("message");
        String role = message != null && message.isObject() ? Json.text(message, "role") : null;
        return quote(type) + (role == null ? "" : " " + quote(role)) + " entry";
    }

    private TranscriptHeader headerRecord() {
        if (header == null) {
            return null;
        }
        JsonNode version = header.get("version");
        String parent = Json.text(header, "parentSession") != null ? Json.text(header, "parentSession")
                : Json.text(header, "branchedFrom");
        return new TranscriptHeader(Json.text(header, "id"), version != null && version.canConvertToInt() ? version.asInt() : 1,
                Json.text(header, "timestamp"), Json.text(header, "cwd"), parent);
    }

    private void malformed(long lineNumber, String reason) {
        malformedCount++;
        if (malformed.size() < TranscriptImport.MAX_REPORTED) {
            malformed.add(new MalformedLine(lineNumber, reason));
        }
    }

    private void warn(String warning) {
        if (warnings.size() < TranscriptImport.MAX_REPORTED) {
            warnings.add(warning);
        } else {
            droppedWarnings++;
        }
    }

    private static boolean isBlank(byte[] bytes, int length) {
        for (int i = 0; i < length; i++) {
            byte b = bytes[i];
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }
}
