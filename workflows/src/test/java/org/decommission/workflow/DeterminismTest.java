package org.decommission.workflow;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The determinism check of the workflow module, on its bytecode: workflow code and the domain
 * code it calls may not read a clock, draw a random number, start or sleep a thread, do I/O, or
 * iterate a hash-ordered collection. Each of these would make a replay take another path than
 * the original run. {@code Workflow.currentTimeMillis}, {@code Workflow.randomUUID} and
 * {@code Workflow.sleep} are the deterministic replacements.
 */
class DeterminismTest {
  static JavaClasses workflowModule;

  @BeforeAll
  static void importClasses() {
    workflowModule = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("org.decommission.workflow", "org.decommission.domain");
  }

  @Test
  void noClockNoRandomNoThreadNoIo() {
    ArchRule rule = noClasses()
        .should().callMethod(System.class, "currentTimeMillis")
        .orShould().callMethod(System.class, "nanoTime")
        .orShould().callMethod(Math.class, "random")
        .orShould().callMethod(java.util.UUID.class, "randomUUID")
        .orShould().callMethodWhere(com.tngtech.archunit.core.domain.JavaCall.Predicates.target(
            com.tngtech.archunit.core.domain.properties.HasName.Predicates.name("now"))
            .and(com.tngtech.archunit.core.domain.JavaCall.Predicates.target(
                com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner(
                    com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage("java.time")))))
        .orShould().dependOnClassesThat().haveFullyQualifiedName(java.util.Random.class.getName())
        .orShould().dependOnClassesThat().haveFullyQualifiedName(Thread.class.getName())
        .orShould().dependOnClassesThat().resideInAnyPackage("java.util.concurrent..", "java.io..", "java.nio.file..", "java.net..")
        .because("a workflow's replay must take the path its first run took");
    rule.check(workflowModule);
  }

  @Test
  void workflowCodeIteratesNoHashOrderedCollection() {
    noClasses()
        .that().resideInAPackage("org.decommission.workflow..")
        .should().dependOnClassesThat().haveFullyQualifiedName(java.util.HashMap.class.getName())
        .orShould().dependOnClassesThat().haveFullyQualifiedName(java.util.HashSet.class.getName())
        .because("the iteration order of a hash collection can differ between a run and its replay")
        .check(workflowModule);
  }
}
