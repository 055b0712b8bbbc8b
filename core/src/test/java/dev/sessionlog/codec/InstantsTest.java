package dev.sessionlog.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class InstantsTest {

    private static final long SEED = 7L;

    @Test
    void instants_are_written_exactly_as_the_jdk_writes_them_and_read_back() {
        Random random = new Random(SEED);
        for (int i = 0; i < 200_000; i++) {
            Instant instant = randomInstant(random);
            String text = Instants.format(instant);
            assertEquals(instant.toString(), text);
            assertEquals(instant, Instants.parse(text), text);
        }
        for (Instant edge : List.of(Instant.MIN, Instant.MAX, Instant.EPOCH, Instant.parse("0000-01-01T00:00:00Z"),
                Instant.parse("9999-12-31T23:59:59.999999999Z"), Instant.parse("-0001-12-31T23:59:59Z"),
                Instant.parse("+10000-01-01T00:00:00Z"), Instant.parse("2024-02-29T12:00:00.100Z"))) {
            assertEquals(edge.toString(), Instants.format(edge));
            assertEquals(edge, Instants.parse(edge.toString()));
        }
    }

    @Test
    void damaged_instants_are_read_as_the_jdk_reads_them() {
        Random random = new Random(SEED);
        String alphabet = "0123456789-:.TZtz+ ";
        for (int i = 0; i < 200_000; i++) {
            StringBuilder text = new StringBuilder(randomInstant(random).toString());
            int changes = 1 + random.nextInt(2);
            for (int c = 0; c < changes; c++) {
                int at = random.nextInt(text.length());
                switch (random.nextInt(3)) {
                    case 0 -> text.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                    case 1 -> text.deleteCharAt(at);
                    default -> text.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            assertEquals(jdk(text.toString()), ours(text.toString()), text.toString());
        }
        for (String odd : List.of("2026-02-29T00:00:00Z", "2026-11-24T24:00:00Z", "2026-06-30T23:59:60Z",
                "2026-11-24T21:00:00.Z", "2026-11-24T21:00:00.1234567890Z", "2026-11-24t21:00:00z", "")) {
            assertEquals(jdk(odd), ours(odd), odd);
        }
    }

    private static Instant randomInstant(Random random) {
        long seconds = switch (random.nextInt(4)) {
            case 0 -> random.nextLong() % Instant.MAX.getEpochSecond();
            case 1 -> -62_167_219_200L + (random.nextLong() & Long.MAX_VALUE) % 315_569_520_000L;
            default -> random.nextInt(Integer.MAX_VALUE) * 2L;
        };
        int nanos = switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> random.nextInt(1000) * 1_000_000;
            case 2 -> random.nextInt(1_000_000) * 1000;
            default -> random.nextInt(1_000_000_000);
        };
        return Instant.ofEpochSecond(seconds, nanos);
    }

    private static String jdk(String text) {
        try {
            return Instant.parse(text).toString();
        } catch (DateTimeException e) {
            return "refused";
        }
    }

    private static String ours(String text) {
        try {
            return Instants.parse(text).toString();
        } catch (DateTimeException e) {
            return "refused";
        }
    }
}
