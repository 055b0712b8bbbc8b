package dev.sessionlog.architecture;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each of the {@link Boundaries} fails when a violation is planted among the real classes: the
 * planted classes live in this module's test sources, in the packages they violate, and
 * {@link ArchitectureTest} never sees them.
 */
class PlantedViolationsTest {
    private static final String PLANTED_UTIL = "dev.sessionlog.util.PlantedHelperUsingTheApi";
    private static final String PLANTED_EVENT = "dev.sessionlog.event.PlantedEventUsingTheSpi";
    private static final String PLANTED_COMMAND = "dev.sessionlog.cli.PlantedCommandUsingTheSpi";
    private static final String PLANTED_PUBLIC = "dev.sessionlog.cli.PlantedUnusedPublicType";
    private static JavaClasses realAndPlanted;

    @BeforeAll
    static void importRealAndPlantedClasses() throws ClassNotFoundException {
        JavaClasses real = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(Boundaries.ROOT);
        List<Class<?>> all = new ArrayList<>();
        for (String planted : List.of(PLANTED_UTIL, PLANTED_EVENT, PLANTED_COMMAND, PLANTED_PUBLIC)) {
            all.add(Class.forName(planted));
        }
        for (var type : real) {
            all.add(Class.forName(type.getName(), false, PlantedViolationsTest.class.getClassLoader()));
        }
        realAndPlanted = new ClassFileImporter().importClasses(all);
    }

    @Test
    void a_helper_that_uses_the_api_fails_the_bottom_layer_rule() {
        assertReported(Boundaries.UTIL_IS_THE_BOTTOM_LAYER, PLANTED_UTIL);
    }

    @Test
    void an_api_type_that_uses_the_spi_fails_the_api_rule() {
        assertReported(Boundaries.THE_API_USES_NO_IMPLEMENTATION, PLANTED_EVENT);
    }

    @Test
    void the_cli_using_the_spi_fails_the_spi_rule() {
        assertReported(Boundaries.ONLY_STORES_USE_THE_SPI, PLANTED_COMMAND);
    }

    @Test
    void a_helper_that_uses_the_api_makes_a_cycle() {
        assertReported(Boundaries.NO_CYCLES, "dev.sessionlog.util");
    }

    @Test
    void an_unused_public_implementation_type_fails_the_visibility_rule() {
        assertReported(Boundaries.PUBLIC_IMPLEMENTATION_TYPES_ARE_USED_ELSEWHERE, PLANTED_PUBLIC);
    }

    private static void assertReported(ArchRule rule, String planted) {
        EvaluationResult result = rule.evaluate(realAndPlanted);
        assertTrue(result.hasViolation(), "the rule should fail with " + planted + " planted: " + rule.getDescription());
        String report = String.join("\n", result.getFailureReport().getDetails());
        assertTrue(report.contains(planted), "the report should name " + planted + ":\n" + report);
        assertFalse(report.isBlank());
    }
}
