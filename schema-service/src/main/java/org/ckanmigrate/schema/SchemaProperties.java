package org.ckanmigrate.schema;

import jakarta.validation.constraints.NotBlank;
import java.util.Map;
import org.ckanmigrate.schema.upgrade.UpgradeCommands;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * schema-service's own settings ({@code ckan-migrate.schema.*}).
 *
 * @param upgradeCommands CKAN upgrade command templates by name ({@code
 *     ckan-migrate.schema.upgrade-commands.ckan210=/opt/ckan/bin/ckan -c {ini} db upgrade}); a run
 *     spec's {@code schema.upgrade-command} names one. {@code {ini}} is replaced by the ini path;
 *     split on whitespace (quotes group), never run through a shell. Built in, and redefinable:
 *     {@code ckan} and {@code paster}. Checked at start-up.
 */
@ConfigurationProperties("ckan-migrate.schema")
@Validated
record SchemaProperties(Map<String, @NotBlank String> upgradeCommands) {

  SchemaProperties {
    upgradeCommands = upgradeCommands == null ? Map.of() : Map.copyOf(upgradeCommands);
  }

  UpgradeCommands commands() {
    return UpgradeCommands.of(upgradeCommands);
  }
}
