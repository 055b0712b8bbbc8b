package dev.sessionlog.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The boundaries of sessionlog's code, as ArchUnit rules (ADR 0010). Each rule is a constant so that
 * {@link ArchitectureTest} checks it against the real classes and {@link PlantedViolationsTest}
 * proves it fails on a planted violation.
 *
 * <p>The layers, bottom up: {@code util} (helpers, nothing of sessionlog's); the published API
 * ({@code dev.sessionlog} and its {@code event}, {@code projection}, {@code failure} and
 * {@code codec} packages, whose names are a contract in {@code design.md} and which refer to each
 * other, so they are one unit); the store SPI ({@code spi}: the append rules every store shares);
 * and the implementations: the in-memory store (in the API package for its contract name), the
 * Chronicle store, OpenClaw, the server, the CLI and the benchmarks.
 */
final class Boundaries {
    static final String ROOT = "dev.sessionlog";
    static final String UTIL = ROOT + ".util";
    static final String SPI = ROOT + ".spi";
    /** The API packages besides the root package; sub-packages of these are not API. */
    static final Set<String> API_PACKAGES = Set.of(ROOT, ROOT + ".event", ROOT + ".projection", ROOT + ".failure",
            ROOT + ".codec");
    /**
     * The in-memory store: an implementation that lives in the API package because the README and
     * outside tests name it {@code dev.sessionlog.InMemorySessionStore}. Its helpers are
     * package-private beside it.
     */
    static final Set<String> IN_MEMORY_STORE = Set.of(ROOT + ".InMemorySessionStore", ROOT + ".EventList");
    /**
     * The API packages of the modules above core: their public types are the modules' API, so they
     * need not be used from another package of this repository.
     */
    static final Set<String> MODULE_API_PACKAGES = Set.of(ROOT + ".store", ROOT + ".openclaw", ROOT + ".server",
            ROOT + ".kafka");
    /** The packages whose classes may use the SPI besides itself: the stores. */
    static final List<String> STORE_PACKAGES = List.of(ROOT + ".store..", ROOT + ".kafka..");

    private Boundaries() {}

    /** {@code util} is the bottom layer: it uses the JDK, vavr and itself, nothing of sessionlog's. */
    static final ArchRule UTIL_IS_THE_BOTTOM_LAYER = classes()
            .that().resideInAPackage(UTIL)
            .should().onlyDependOnClassesThat().resideInAnyPackage(UTIL, "java..", "io.vavr..")
            .because("the helpers are below everything else, so anything may use them without a cycle");

    /** The API never depends on the SPI or on an implementation. */
    static final ArchRule THE_API_USES_NO_IMPLEMENTATION = noClasses()
            .that(areApi())
            .should().dependOnClassesThat(areImplementation())
            .because("gateways program against the API; implementations sit above it");

    /** Only the stores use the SPI. */
    static final ArchRule ONLY_STORES_USE_THE_SPI = noClasses()
            .that().resideOutsideOfPackages(SPI, STORE_PACKAGES.get(0), STORE_PACKAGES.get(1))
            .and(areNotInMemoryStore())
            .should().dependOnClassesThat().resideInAPackage(SPI)
            .because("the SPI carries no compatibility promise to gateways, the CLI or the server");

    /** No cycles between the components: the API unit, the in-memory store, and every other package. */
    static final ArchRule NO_CYCLES = SlicesRuleDefinition.slices()
            .assignedFrom(new Components())
            .should().beFreeOfCycles()
            .because("a cycle makes two packages one, whatever their names say");

    /**
     * A public top-level type outside the API (core's and the modules') is public for another
     * package's sake: one that no other package uses should be package-private. Command-line entry
     * points are exempt.
     */
    static final ArchRule PUBLIC_IMPLEMENTATION_TYPES_ARE_USED_ELSEWHERE = classes()
            .that(areImplementation().or(resideIn(UTIL)))
            .and(areNotInMemoryStore())
            .and(areNotInAModuleApi())
            .and().arePublic()
            .and().areTopLevelClasses()
            .and(haveNoMainMethod())
            .should(beUsedFromAnotherPackage())
            .because("a type only its own package uses is an implementation detail: package-private by default");

    static DescribedPredicate<JavaClass> areApi() {
        return DescribedPredicate.describe("are in the API", c ->
                API_PACKAGES.contains(c.getPackageName()) && !IN_MEMORY_STORE.contains(topLevelName(c)));
    }

    static DescribedPredicate<JavaClass> areImplementation() {
        return DescribedPredicate.describe("are in an implementation or the SPI", c ->
                !areApi().test(c) && !c.getPackageName().equals(UTIL) && c.getPackageName().startsWith(ROOT));
    }

    static DescribedPredicate<JavaClass> areNotInMemoryStore() {
        return DescribedPredicate.describe("are not the in-memory store", c -> !IN_MEMORY_STORE.contains(topLevelName(c)));
    }

    private static DescribedPredicate<JavaClass> areNotInAModuleApi() {
        return DescribedPredicate.describe("are not in a module's API package",
                c -> !MODULE_API_PACKAGES.contains(c.getPackageName()));
    }

    private static DescribedPredicate<JavaClass> resideIn(String packageName) {
        return DescribedPredicate.describe("reside in " + packageName, c -> c.getPackageName().equals(packageName));
    }

    private static DescribedPredicate<JavaClass> haveNoMainMethod() {
        return DescribedPredicate.describe("have no main method", c -> c.getMethods().stream().noneMatch(m ->
                m.getName().equals("main") && m.getModifiers().contains(JavaModifier.STATIC)));
    }

    /**
     * Used by a class of another package, or named in a public signature of a public type of its own
     * package that is (a parameter type of the SPI's ledger, say: a caller passes a lambda, which
     * leaves no dependency in the class files).
     */
    private static ArchCondition<JavaClass> beUsedFromAnotherPackage() {
        return new ArchCondition<>("be used from another package") {
            @Override
            public void check(JavaClass type, ConditionEvents events) {
                if (!usedElsewhere(type) && !inPublicSignatureUsedElsewhere(type)) {
                    events.add(SimpleConditionEvent.violated(type, type.getName()
                            + " is public, but no class outside " + type.getPackageName() + " uses it"));
                }
            }
        };
    }

    private static boolean usedElsewhere(JavaClass type) {
        return type.getDirectDependenciesToSelf().stream()
                .map(Dependency::getOriginClass)
                .anyMatch(origin -> !origin.getPackageName().equals(type.getPackageName()));
    }

    private static boolean inPublicSignatureUsedElsewhere(JavaClass type) {
        return Stream.concat(type.getMethodsWithParameterTypeOfSelf().stream(),
                        type.getConstructorsWithParameterTypeOfSelf().stream())
                .filter(unit -> unit.getModifiers().contains(JavaModifier.PUBLIC))
                .map(JavaCodeUnit::getOwner)
                .anyMatch(owner -> owner != type && owner.getModifiers().contains(JavaModifier.PUBLIC)
                        && usedElsewhere(owner));
    }

    private static String topLevelName(JavaClass type) {
        JavaClass top = type;
        while (top.getEnclosingClass().isPresent()) {
            top = top.getEnclosingClass().get();
        }
        return top.getName();
    }

    /** The slices cycles are checked between: the API as one, the in-memory store, and each other package. */
    private static final class Components implements SliceAssignment {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass type) {
            if (!type.getPackageName().startsWith(ROOT)) {
                return SliceIdentifier.ignore();
            }
            if (IN_MEMORY_STORE.contains(topLevelName(type))) {
                return SliceIdentifier.of("the in-memory store");
            }
            if (areApi().test(type)) {
                return SliceIdentifier.of("the API");
            }
            return SliceIdentifier.of(type.getPackageName());
        }

        @Override
        public String getDescription() {
            return "the API, the in-memory store and every other package";
        }
    }
}
