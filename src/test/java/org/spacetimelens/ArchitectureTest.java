package org.spacetimelens;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering of src/docs/ARCHITECTURE.md, checked on the compiled main classes (tests may cross
 * layers, e.g. app tests replay a viewer export through the CLI).
 *
 * <p>The UI-free core is defined by exclusion: every package except the two front ends ({@code app},
 * {@code cli}) and the two tool packages ({@code demo}, {@code bench}). A package added later
 * (e.g. an evaluation package) is core, and held to the core's rules, without editing this test.
 */
class ArchitectureTest {

    private static final String ROOT = "org.spacetimelens";
    private static final String[] NOT_CORE = {ROOT + ".app..", ROOT + ".cli..", ROOT + ".bench..", ROOT + ".demo.."};

    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages(ROOT);
    }

    @Test
    void theImportSeesEveryLayer() {
        // Guards against a vacuous pass (e.g. the importer finding no classes on some build layout).
        Set<String> packages = classes.stream().map(JavaClass::getPackageName).collect(Collectors.toSet());
        for (String p : new String[] {"model", "rollout", "video", "render", "pipeline", "demo", "bench", "cli",
            "app"}) {
            assertThat(packages).as("main classes of " + p).contains(ROOT + "." + p);
        }
    }

    @Test
    void theCoreImportsNeitherFrontEndNorJavaFx() {
        noClasses().that().resideInAPackage(ROOT + "..").and().resideOutsideOfPackages(NOT_CORE)
                .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".app..", ROOT + ".cli..", "javafx..")
                .because("the core runs headless in the CLI and tests; only the front ends sit on top of it")
                .check(classes);
    }

    @Test
    void onlyTheViewerUsesJavaFx() {
        noClasses().that().resideOutsideOfPackage(ROOT + ".app..")
                .should().dependOnClassesThat().resideInAPackage("javafx..")
                .check(classes);
    }

    @Test
    void nothingBelowTheCliImportsIt() {
        noClasses().that().resideOutsideOfPackage(ROOT + ".cli..")
                .should().dependOnClassesThat().resideInAPackage(ROOT + ".cli..")
                .because("the CLI is the top floor: it opens the viewer, so the viewer must not need it")
                .check(classes);
    }

    @Test
    void onlyTheCliImportsTheViewer() {
        noClasses().that().resideOutsideOfPackages(ROOT + ".app..", ROOT + ".cli..")
                .should().dependOnClassesThat().resideInAPackage(ROOT + ".app..")
                .check(classes);
    }

    @Test
    void noCyclesBetweenPackages() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(classes);
    }
}
