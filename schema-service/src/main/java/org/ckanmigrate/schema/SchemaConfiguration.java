package org.ckanmigrate.schema;

import org.ckanmigrate.schema.upgrade.CommandRunner;
import org.ckanmigrate.schema.upgrade.CommandRunnerFactory;
import org.ckanmigrate.schema.upgrade.LocalCommandRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The schema phase's beans. Deliberately no Flyway bean: the CKAN target's Flyway is built per
 * request by {@link org.ckanmigrate.schema.migration.MigrationRunner}; a Flyway bean here would
 * make Boot's auto-configuration back off from the state database (and migrate the target at
 * start-up).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SchemaProperties.class)
class SchemaConfiguration {

  @Bean
  @ConditionalOnMissingBean
  CommandRunner commandRunner() {
    return new LocalCommandRunner();
  }

  @Bean
  @ConditionalOnMissingBean
  CommandRunnerFactory commandRunnerFactory(CommandRunner commandRunner) {
    return CommandRunnerFactory.localOrSsh(commandRunner);
  }

  @Bean
  SchemaMigrator schemaMigrator(CommandRunnerFactory commandRunners, SchemaProperties properties) {
    return new SchemaMigrator(commandRunners, properties.commands());
  }
}
