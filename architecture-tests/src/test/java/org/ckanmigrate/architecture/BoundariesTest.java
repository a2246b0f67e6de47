package org.ckanmigrate.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The boundaries CONTRIBUTING.md states, checked over every module's compiled main classes (read
 * from each module's {@code target/classes}, so this module runs last in the reactor). A rule that
 * today's code breaks on purpose names the exception and the issue that removes it.
 */
class BoundariesTest {

  static final List<String> MODULES =
      List.of(
          "contract",
          "event-client",
          "platform",
          "ssh-client",
          "dump-artifact",
          "stack",
          "test-support",
          "dump-service",
          "load-service",
          "schema-service",
          "index-service",
          "cli",
          "demo");

  private static JavaClasses main;

  @BeforeAll
  static void importMainClasses() {
    main =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPaths(classDirs(List.of("target/classes")));
    assertThat(main.size()).as("classes imported").isGreaterThan(300);
  }

  @Test
  void noServiceDependsOnAnother() {
    slices()
        .matching("org.ckanmigrate.(dump|load|schema|index)..")
        .should()
        .notDependOnEachOther()
        .check(main);
  }

  @Test
  void noMainCodeUsesTestSupport() {
    // The demo runs on the product module (stack); test-support is for tests only.
    noClasses()
        .that()
        .resideOutsideOfPackage("org.ckanmigrate.testsupport..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.ckanmigrate.testsupport..")
        .check(main);
  }

  @Test
  void theOneMachineStackUsesNoTestLibrary() {
    // The demo ships stack's classes; a test library here would ship with it.
    noClasses()
        .that()
        .resideInAPackage("org.ckanmigrate.stack..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.junit..",
            "org.assertj..",
            "org.springframework.test..",
            "org.springframework.boot.test..",
            "org.springframework.kafka.test..",
            "org.testcontainers..",
            "org.awaitility..",
            "org.mockito..",
            "org.hamcrest..")
        .check(main);
  }

  @Test
  void theOneMachineStackUsesNoServiceOrTestSupport() {
    noClasses()
        .that()
        .resideInAPackage("org.ckanmigrate.stack..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.ckanmigrate.dump..",
            "org.ckanmigrate.load..",
            "org.ckanmigrate.schema..",
            "org.ckanmigrate.index..",
            "org.ckanmigrate.cli..",
            "org.ckanmigrate.demo..",
            "org.ckanmigrate.testsupport..")
        .check(main);
  }

  @Test
  void theSshClientAndTheArtifactFormatAreUsedOnlyByThePhasesThatNeedThem() {
    classes()
        .that()
        .resideInAPackage("org.ckanmigrate.ssh..")
        .should()
        .onlyHaveDependentClassesThat()
        .resideInAnyPackage(
            "org.ckanmigrate.ssh..", "org.ckanmigrate.dump..", "org.ckanmigrate.schema..")
        .check(main);
    classes()
        .that()
        .resideInAPackage("org.ckanmigrate.artifact..")
        .should()
        .onlyHaveDependentClassesThat()
        .resideInAnyPackage(
            "org.ckanmigrate.artifact..", "org.ckanmigrate.dump..", "org.ckanmigrate.load..")
        .check(main);
    // Nor does anyone else reach their libraries directly: the index-service and the CLI carry no
    // MINA SSHD (zstd-jni and lz4-java still reach them with kafka-clients, for Kafka's own use).
    noClasses()
        .that()
        .resideInAnyPackage(
            "org.ckanmigrate.contract..",
            "org.ckanmigrate.client..",
            "org.ckanmigrate.platform..",
            "org.ckanmigrate.index..",
            "org.ckanmigrate.cli..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.apache.sshd..", "org.bouncycastle..", "com.github.luben..", "net.jpountz..")
        .check(main);
  }

  @Test
  void theContractHasNoFrameworkOrIoAndNoneOfOurOtherCode() {
    // What travels between services and the CLI: readable by any consumer, so Jackson only.
    noClasses()
        .that()
        .resideInAPackage("org.ckanmigrate.contract..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.springframework..",
            "org.apache.kafka..",
            "java.sql..",
            "javax.sql..",
            "org.postgresql..",
            "org.apache.sshd..",
            "org.apache.solr..",
            "ch.qos.logback..",
            "org.slf4j..")
        .check(main);
    noClasses()
        .that()
        .resideInAPackage("org.ckanmigrate.contract..")
        .should()
        .dependOnClassesThat(
            JavaClass.Predicates.resideInAPackage("org.ckanmigrate..")
                .and(JavaClass.Predicates.resideOutsideOfPackage("org.ckanmigrate.contract..")))
        .check(main);
  }

  @Test
  void theCliRunsOnTheContractAndTheEventClientOnly() {
    // The operator's tool carries no Spring and no service code: what it changes in a run, it
    // asks a service for with a command event (promote-sysadmins).
    noClasses()
        .that()
        .resideInAnyPackage("org.ckanmigrate.cli..", "org.ckanmigrate.client..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.springframework..",
            "org.flywaydb..",
            "org.ckanmigrate.platform..",
            "org.ckanmigrate.ssh..",
            "org.ckanmigrate.artifact..",
            "org.ckanmigrate.dump..",
            "org.ckanmigrate.load..",
            "org.ckanmigrate.schema..",
            "org.ckanmigrate.index..")
        .check(main);
    noClasses()
        .that()
        .resideInAPackage("org.ckanmigrate.client..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.ckanmigrate.cli..")
        .check(main);
  }

  @Test
  void eventsAreImmutableRecordsNamedAsPastFacts() {
    classes()
        .that()
        .resideInAPackage("org.ckanmigrate.contract.event")
        .and()
        .haveSimpleNameEndingWith("ed")
        .should()
        .beRecords()
        .check(main);
    // Every event record of the package is a fact (past tense); commands live in the command
    // package. Records nested in an event are its parts (SchemaMigrated.Sysadmin).
    classes()
        .that()
        .resideInAPackage("org.ckanmigrate.contract.event")
        .and()
        .areTopLevelClasses()
        .and()
        .areRecords()
        .and()
        .doNotHaveSimpleName("EventEnvelope")
        .should()
        .haveSimpleNameEndingWith("ed")
        .check(main);
    // Commands are immutable records named as imperatives (PromoteSysadmins), never as facts.
    classes()
        .that()
        .resideInAPackage("org.ckanmigrate.contract.command")
        .and()
        .areTopLevelClasses()
        .should()
        .beRecords()
        .andShould()
        .haveSimpleNameNotEndingWith("ed")
        .check(main);
  }

  @Test
  void aServicesTypesArePublicOnlyWhenAnotherPackageUsesThem() {
    // Package by feature: a step's helpers stay package-private. A public main type must be used
    // from another package (main or test code); the application class and the configuration
    // records (the service's documented settings) are public by role.
    JavaClasses withTests =
        new ClassFileImporter()
            .importPaths(classDirs(List.of("target/classes", "target/test-classes")));
    classes()
        .that()
        .resideInAnyPackage(
            "org.ckanmigrate.dump..",
            "org.ckanmigrate.load..",
            "org.ckanmigrate.schema..",
            "org.ckanmigrate.index..")
        .and()
        .arePublic()
        .and()
        .areTopLevelClasses()
        .and()
        .areNotAnnotatedWith("org.springframework.boot.autoconfigure.SpringBootApplication")
        .and()
        .areNotAnnotatedWith("org.springframework.boot.context.properties.ConfigurationProperties")
        .and(MAIN_CODE)
        .should(beUsedFromAnotherPackage())
        .check(withTests);
  }

  private static final DescribedPredicate<JavaClass> MAIN_CODE =
      DescribedPredicate.describe(
          "are main code",
          type ->
              type.getSource()
                  .map(source -> source.getUri().toString().contains("/target/classes/"))
                  .orElse(false));

  private static ArchCondition<JavaClass> beUsedFromAnotherPackage() {
    return new ArchCondition<>("be used from another package (or be package-private)") {
      @Override
      public void check(JavaClass type, ConditionEvents events) {
        boolean usedElsewhere =
            type.getDirectDependenciesToSelf().stream()
                .map(d -> d.getOriginClass().getPackageName())
                .anyMatch(p -> !p.equals(type.getPackageName()));
        if (!usedElsewhere) {
          events.add(
              SimpleConditionEvent.violated(
                  type, type.getName() + " is public but only its own package uses it"));
        }
      }
    };
  }

  @Test
  void configurationIsValidatedRecords() {
    classes()
        .that()
        .areAnnotatedWith("org.springframework.boot.context.properties.ConfigurationProperties")
        .should()
        .beRecords()
        .andShould()
        .beAnnotatedWith("org.springframework.validation.annotation.Validated")
        .check(main);
  }

  /**
   * Each module's compiled classes under {@code subdirs} (those that exist, main ones required).
   */
  private static List<Path> classDirs(List<String> subdirs) {
    Path root = projectDir();
    List<Path> dirs = new ArrayList<>();
    for (String module : MODULES) {
      for (String subdir : subdirs) {
        Path classes = root.resolve(module).resolve(subdir);
        if (subdir.equals("target/classes")) {
          assertThat(classes)
              .as(
                  "%s's compiled classes (build the whole reactor: ./mvnw -DskipTests install)",
                  module)
              .isDirectory();
        }
        if (Files.isDirectory(classes)) {
          dirs.add(classes);
        }
      }
    }
    return dirs;
  }

  static Path projectDir() {
    String configured = System.getProperty("ckan.project.dir");
    if (configured != null) {
      return Path.of(configured);
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.exists(p.resolve("mvnw")) && Files.isDirectory(p.resolve("dump-service"))) {
        return p;
      }
    }
    throw new IllegalStateException(
        "no ckan-migrate checkout above " + Path.of("").toAbsolutePath());
  }
}
