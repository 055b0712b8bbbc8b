package dev.sessionlog.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class JvmFlagsTest {

    @Test
    void the_build_wrote_the_flags_and_the_jdk24_ones_are_only_for_jdk_24_and_newer() {
        JvmFlags flags = JvmFlags.fromBuild();
        List<String> jdk17 = flags.forJdk(17);
        List<String> jdk25 = flags.forJdk(25);
        assertTrue(jdk17.contains("--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED"), jdk17::toString);
        assertFalse(jdk17.contains("--sun-misc-unsafe-memory-access=allow"), jdk17::toString);
        assertTrue(jdk25.contains("--sun-misc-unsafe-memory-access=allow"), jdk25::toString);
        assertTrue(jdk25.containsAll(jdk17));
    }

    @Test
    void the_test_jvm_started_with_the_flags_misses_none() {
        assertEquals(List.of(), JvmFlags.fromBuild().missingInThisJvm());
    }
}
