package org.ckanmigrate.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.ckanmigrate.schema.CkanFixtures.one;

import java.sql.Connection;
import java.util.List;
import java.util.Map;
import org.ckanmigrate.contract.spec.SchemaSpec;
import org.ckanmigrate.schema.migration.MigrationSets;
import org.ckanmigrate.stack.postgres.PostgresServer;
import org.ckanmigrate.stack.postgres.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Boot's Flyway auto-configuration belongs to the service's state database; the CKAN target's
 * Flyway is built per request and never becomes a bean, so neither database sees the other's
 * migrations.
 */
class StateFlywayIsolationIT {

  @Test
  void bootFlywayMigratesOnlyTheStateDatabaseAndTheTargetKeepsItsOwnHistory() throws Exception {
    try (TestDatabase state = PostgresServer.shared().createDatabase("state");
        TestDatabase target = CkanFixtures.ckan22Database("target")) {
      new ApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class))
          .withUserConfiguration(SchemaConfiguration.class)
          .withPropertyValues(
              "spring.datasource.url=" + state.jdbcUrl(),
              "spring.datasource.username=" + state.server().superuser(),
              "spring.datasource.password=" + state.server().password(),
              "spring.flyway.locations=classpath:db/schema-service-test-state",
              "spring.flyway.schemas=test_state",
              "spring.flyway.default-schema=test_state",
              "spring.flyway.create-schemas=true")
          .run(
              context -> {
                assertThat(context).hasNotFailed();
                assertThat(context).hasSingleBean(Flyway.class);
                Flyway boot = context.getBean(Flyway.class);
                try (Connection c = boot.getConfiguration().getDataSource().getConnection()) {
                  assertThat(c.getCatalog()).isEqualTo(state.name());
                }
                assertThat(List.of(boot.getConfiguration().getLocations()))
                    .allSatisfy(l -> assertThat(l.getPath()).doesNotContain("ckanmigrate/schema"));

                SchemaResult result =
                    context
                        .getBean(SchemaMigrator.class)
                        .migrate(
                            new SchemaRequest(
                                "run-iso",
                                CkanFixtures.dataSource(target),
                                SchemaSpec.builder()
                                    .migrationSet(MigrationSets.DATAGOVUK_BYTEMARK_TO_GOVUK)
                                    .parameters(Map.of())
                                    .keepSysadmins(List.of())
                                    .build()));
                assertThat(result.steps()).hasSize(14);
              });
      try (Connection s = state.connect();
          Connection t = target.connect()) {
        assertThat(one(s, "SELECT to_regclass('test_state.phase_job')::text")).isNotNull();
        assertThat(one(s, "SELECT to_regnamespace('ckan_migrate')::text")).isNull();
        assertThat(one(t, "SELECT to_regnamespace('test_state')::text")).isNull();
        assertThat(one(t, "SELECT count(*) FROM ckan_migrate.flyway_schema_history"))
            .isEqualTo("15");
      }
    }
  }
}
