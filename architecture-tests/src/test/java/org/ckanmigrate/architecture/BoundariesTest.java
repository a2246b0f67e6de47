package org.ckanmigrate.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
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
    Path root = projectDir();
    List<Path> dirs = new ArrayList<>();
    for (String module : MODULES) {
      Path classes = root.resolve(module).resolve("target/classes");
      assertThat(classes)
          .as("%s's compiled classes (build the whole reactor: ./mvnw -DskipTests install)", module)
          .isDirectory();
      dirs.add(classes);
    }
    main =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPaths(dirs);
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
