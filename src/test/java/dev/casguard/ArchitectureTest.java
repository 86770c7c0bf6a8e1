package dev.casguard;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import jakarta.servlet.Filter;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.ext.Provider;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The intended dependencies between casguard's packages, pinned: each capability may use only
 * the packages listed for it, there are no cycles, and only a capability's HTTP boundary (its
 * resources, filters and request bodies) may use {@code api}.
 */
class ArchitectureTest {

    private static final String ROOT = "dev.casguard";

    /** Who may use whom. A new edge is a design decision: add it here on purpose. */
    private static final Map<String, Set<String>> ALLOWED = Map.ofEntries(
            Map.entry("domain", Set.of()),
            Map.entry("operator", Set.of()),
            Map.entry("payara", Set.of()),
            Map.entry("platform", Set.of("domain", "payara")),
            Map.entry("providers", Set.of("domain")),
            Map.entry("api", Set.of("domain", "payara", "platform")),
            Map.entry("security", Set.of("api", "domain")),
            Map.entry("organizations", Set.of("api", "domain", "platform", "security")),
            Map.entry("backends", Set.of("api", "domain", "organizations", "platform", "providers", "security")),
            Map.entry("checker", Set.of("api", "backends", "domain", "platform", "providers", "security")),
            Map.entry("requestpath", Set.of("backends", "domain", "organizations", "platform")),
            Map.entry("webhooks", Set.of("api", "backends", "domain", "organizations", "platform", "providers",
                    "security")));

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);

    @Test
    void eachPackageUsesOnlyWhatItIsAllowedTo() {
        Map<String, Set<String>> actual = new TreeMap<>();
        for (JavaClass type : CLASSES) {
            String from = capability(type);
            type.getDirectDependenciesFromSelf().forEach(dependency -> {
                JavaClass target = dependency.getTargetClass();
                if (target.getPackageName().startsWith(ROOT + ".")) {
                    String to = capability(target);
                    if (!to.equals(from)) {
                        actual.computeIfAbsent(from, f -> new TreeSet<>()).add(to);
                    }
                }
            });
        }
        Map<String, Set<String>> disallowed = new TreeMap<>();
        actual.forEach((from, tos) -> tos.stream()
                .filter(to -> !ALLOWED.getOrDefault(from, Set.of()).contains(to))
                .forEach(to -> disallowed.computeIfAbsent(from, f -> new TreeSet<>()).add(to)));
        assertEquals(Map.of(), disallowed, "dependencies not in ALLOWED");
    }

    @Test
    void noCyclesBetweenPackages() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void onlyTheHttpBoundaryUsesApi() {
        noClasses().that().resideOutsideOfPackage(ROOT + ".api..").and(notHttpBoundary())
                .should().dependOnClassesThat().resideInAPackage(ROOT + ".api..")
                .check(CLASSES);
    }

    @Test
    void onlyPayaraReflectsIntoTheContainer() {
        DescribedPredicate<JavaMethodCall> reflection = DescribedPredicate.describe(
                "look up classes by name or reach past access checks", call -> Set.of("forName", "setAccessible",
                        "getDeclaredField", "getDeclaredMethod", "newProxyInstance").contains(call.getName()));
        noClasses().that().resideOutsideOfPackage(ROOT + ".payara..").should().callMethodWhere(reflection)
                .check(CLASSES);
    }

    @Test
    void providersAndTheDomainKnowNothingOfHttp() {
        noClasses().that().resideInAnyPackage(ROOT + ".providers..", ROOT + ".domain..")
                .should().dependOnClassesThat().resideInAnyPackage("jakarta.ws.rs..", "jakarta.servlet..")
                .check(CLASSES);
    }

    private static String capability(JavaClass type) {
        String rest = type.getPackageName().substring(ROOT.length() + 1);
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    /** Resources, JAX-RS providers (filters, mappers), servlet filters, and the typed request bodies. */
    private static DescribedPredicate<JavaClass> notHttpBoundary() {
        return DescribedPredicate.describe("are not an HTTP boundary", type -> !(type.isAnnotatedWith(Path.class)
                || type.isAnnotatedWith(Provider.class)
                || type.isAssignableTo(Filter.class)
                || type.getSimpleName().endsWith("Request")
                || type.getEnclosingClass().map(ArchitectureTest::isBoundary).orElse(false)));
    }

    private static boolean isBoundary(JavaClass type) {
        return !notHttpBoundary().test(type);
    }
}
