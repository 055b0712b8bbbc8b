package dev.sessionlog.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import dev.sessionlog.RecordedEvent;
import dev.sessionlog.event.SessionEvent;
import io.vavr.control.Either;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The golden files under {@code src/test/resources/golden/} pin the wire format: records already
 * stored must stay readable, so a change that fails here needs a new schema version and an
 * upcaster, not a new golden file. Run with {@code -Dgolden.update=true} to rewrite the files of the
 * current versions after an intended change (old-version files are never rewritten).
 */
class EventCodecGoldenTest {

    private static final Path GOLDEN = Path.of(System.getProperty("basedir", ".")).resolve("src/test/resources/golden");
    private static final boolean UPDATE = Boolean.getBoolean("golden.update");
    /** Decimals kept as written, so {@code 1.50} and {@code 1.5} differ, as they do on the wire. */
    private static final ObjectMapper TREES = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private final EventCodec codec = EventCodec.standard();

    static Stream<Arguments> currentVersions() {
        return GoldenEvents.current().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @Test
    void every_event_type_has_a_golden_file_named_after_its_wire_name_and_current_version() throws IOException {
        Set<Class<?>> covered = new HashSet<>();
        for (var entry : GoldenEvents.current().entrySet()) {
            JsonNode encoded = TREES.readTree(codec.encodeEvent(entry.getValue()));
            assertEquals(entry.getKey(), encoded.get("type").asText() + ".v" + encoded.get("v").asInt());
            covered.add(entry.getValue().getClass());
        }
        assertEquals(Set.of(SessionEvent.class.getPermittedSubclasses()), covered);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("currentVersions")
    void each_event_type_encodes_to_its_golden_file(String file, SessionEvent event) throws IOException {
        assertMatchesGolden(file, codec.encodeEvent(event));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("currentVersions")
    void each_golden_file_decodes_to_its_event(String file, SessionEvent event) throws IOException {
        assertEquals(Either.right(event), codec.decodeEvent(golden(file)).mapLeft(DecodeFailure::describe));
    }

    @Test
    void a_stored_record_encodes_to_the_record_golden_file() throws IOException {
        assertMatchesGolden("record", codec.encode(GoldenEvents.RECORD));
    }

    @Test
    void the_record_golden_file_decodes_to_its_record_at_the_position_given() throws IOException {
        RecordedEvent expected = new RecordedEvent(99, GoldenEvents.RECORD.sessionId(), GoldenEvents.RECORD.sequence(),
                GoldenEvents.RECORD.eventId(), GoldenEvents.RECORD.recordedAt(), GoldenEvents.RECORD.event(),
                GoldenEvents.RECORD.metadata());
        assertEquals(Either.right(expected), codec.decode(99, golden("record")).mapLeft(DecodeFailure::describe));
    }

    @Test
    void a_model_call_failed_stored_as_v1_decodes_to_the_current_event_through_the_upcaster() throws IOException {
        assertEquals(Either.right(GoldenEvents.RATE_LIMITED),
                codec.decodeEvent(golden("model_call_failed.v1")).mapLeft(DecodeFailure::describe));
    }

    @Test
    void golden_files_are_the_only_ones_expected() throws IOException {
        Set<String> expected = new HashSet<>(GoldenEvents.current().keySet());
        expected.addAll(List.of("record", "model_call_failed.v1"));
        Set<String> present = new HashSet<>();
        try (Stream<Path> files = Files.list(GOLDEN)) {
            files.forEach(f -> present.add(f.getFileName().toString().replaceFirst("\\.json$", "")));
        }
        assertEquals(expected, present, "a golden file without a test pins nothing");
    }

    private static byte[] golden(String name) throws IOException {
        return Files.readAllBytes(GOLDEN.resolve(name + ".json"));
    }

    /** Indented for people, with every number exactly as the codec wrote it. */
    private static String prettyPrint(byte[] bytes) throws IOException {
        java.io.StringWriter text = new java.io.StringWriter();
        try (com.fasterxml.jackson.core.JsonParser in = Json.RECORDS.createParser(bytes);
             com.fasterxml.jackson.core.JsonGenerator out = Json.RECORDS.createGenerator(text).useDefaultPrettyPrinter()) {
            in.nextToken();
            JsonText.copyValue(in, out);
        }
        return text + "\n";
    }

    private static void assertMatchesGolden(String name, byte[] actualBytes) throws IOException {
        Path file = GOLDEN.resolve(name + ".json");
        JsonNode actual = TREES.readTree(actualBytes);
        String pretty = prettyPrint(actualBytes);
        if (UPDATE) {
            Files.createDirectories(GOLDEN);
            Files.writeString(file, pretty);
            return;
        }
        if (!Files.exists(file)) {
            fail("golden file " + file + " is missing; create it with -Dgolden.update=true. It would read:\n" + pretty);
        }
        JsonNode expected = TREES.readTree(file.toFile());
        if (!expected.equals(actual)) {
            fail("the wire format of " + name + " changed. Stored records must stay readable: bump the schema version "
                    + "and add an upcaster, or, if no record was ever stored in this form, rewrite the golden file with "
                    + "-Dgolden.update=true.\nGolden " + file + ":\n" + TREES.writeValueAsString(expected)
                    + "\nNow:\n" + pretty);
        }
    }
}
