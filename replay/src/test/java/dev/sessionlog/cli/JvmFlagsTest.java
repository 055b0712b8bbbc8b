package dev.sessionlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class JvmFlagsTest {

    @Test
    void the_test_jvm_started_with_the_flags_misses_none() {
        assertEquals(List.of(), JvmFlags.fromBuild().missingInThisJvm());
    }

    @Test
    void the_chronicle_switches_are_set_in_the_jvm_when_no_command_line_set_them() {
        List<String> switches = List.of("chronicle.analytics.disable", "chronicle.announcer.disable");
        List<String> before = switches.stream().map(System::getProperty).toList();
        try {
            switches.forEach(System::clearProperty);
            JvmFlags.fromBuild().applySystemProperties();
            assertEquals(List.of("true", "true"), switches.stream().map(System::getProperty).toList());
        } finally {
            for (int i = 0; i < switches.size(); i++) {
                if (before.get(i) == null) {
                    System.clearProperty(switches.get(i));
                } else {
                    System.setProperty(switches.get(i), before.get(i));
                }
            }
        }
    }
}
