package dev.sessionlog.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every module's main classes keep the {@link Boundaries}. */
class ArchitectureTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(Boundaries.ROOT);
    }

    @Test
    void util_is_the_bottom_layer() {
        Boundaries.UTIL_IS_THE_BOTTOM_LAYER.check(classes);
    }

    @Test
    void the_api_uses_no_implementation() {
        Boundaries.THE_API_USES_NO_IMPLEMENTATION.check(classes);
    }

    @Test
    void only_the_stores_use_the_spi() {
        Boundaries.ONLY_STORES_USE_THE_SPI.check(classes);
    }

    @Test
    void there_are_no_cycles_between_components() {
        Boundaries.NO_CYCLES.check(classes);
    }

    @Test
    void public_implementation_types_are_used_from_another_package() {
        Boundaries.PUBLIC_IMPLEMENTATION_TYPES_ARE_USED_ELSEWHERE.check(classes);
    }
}
