package org.ckanmigrate.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.ckanmigrate.contract.event.ErrorCode;
import org.ckanmigrate.contract.spec.TargetSpec;
import org.ckanmigrate.stack.postgres.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * B6: a dump that is not a CKAN database never replaces an existing target, unless the spec says so
 * ({@code target.allow-non-ckan}); the target is left exactly as it was.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class NonCkanDumpIT {

  @TempDir static Path shared;
  static TestDatabase source;
  static Path plain;

  @TempDir Path work;
  final String target = PgFixtures.newTargetName("ld_nonckan");

  @BeforeAll
  static void dumpSource() throws Exception {
    source = GeneratedDump.createSource(); // package, tag, package_tag...: not CKAN's schema
    plain = GeneratedDump.dump(source, shared, "generated.sql");
  }

  @AfterAll
  static void dropSource() {
    source.close();
  }

  @AfterEach
  void cleanUp() throws Exception {
    PgFixtures.server().dropDatabase(target);
    for (String left : PgFixtures.loaderLeftovers(target)) {
      PgFixtures.server().dropDatabase(left);
    }
  }

  @Test
  void aNonCkanDumpDoesNotReplaceAnExistingTarget() throws Exception {
    // An existing, non-empty target (loaded once, allowed).
    new Loader()
        .load(
            new LoadRequest(
                "run-first",
                plain,
                null,
                null,
                null,
                PgFixtures.target(work, target, true, 1),
                null));
    PgFixtures.Snapshot before = PgFixtures.snapshot(target);

    TargetSpec strict = strict(PgFixtures.target(work, target, true, 1));
    assertThatThrownBy(
            () ->
                new Loader()
                    .load(new LoadRequest("run-second", plain, null, null, null, strict, null)))
        .isInstanceOfSatisfying(
            LoadFailedException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_A_CKAN_DUMP))
        .hasMessageContaining("resource")
        .hasMessageContaining("was not replaced");

    assertThat(PgFixtures.snapshot(target)).isEqualTo(before);
    assertThat(PgFixtures.loaderLeftovers(target)).isEmpty();
  }

  private static TargetSpec strict(TargetSpec t) {
    return TargetSpec.builder()
        .jdbcUrl(t.jdbcUrl())
        .user(t.user())
        .password(t.password())
        .database(t.database())
        .replace(t.replace())
        .excludeTables(t.excludeTables())
        .schemaOnlyTables(t.schemaOnlyTables())
        .parallelism(t.parallelism())
        .ownership(t.ownership())
        .ownerRole(t.ownerRole())
        .keepPrivileges(t.keepPrivileges())
        .build();
  }
}
