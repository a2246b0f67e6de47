package org.ckanmigrate.schema;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.ckanmigrate.schema.upgrade.LocalCommandRunner;
import org.ckanmigrate.schema.upgrade.UpgradeCommands;

/**
 * Upgrade command templates the tests need (FakeCkan with a head, slow shell commands), registered
 * under names as schema-service's configuration would hold them; a spec names them.
 */
final class TestUpgradeCommands {

  private static final Map<String, String> TEMPLATES = new ConcurrentHashMap<>();

  private TestUpgradeCommands() {}

  /** Registers {@code template} and returns the name a spec gives for it. */
  static String named(String template) {
    String name = "test-" + Integer.toHexString(template.hashCode());
    TEMPLATES.put(name, template);
    return name;
  }

  /** A migrator that knows every template registered so far. */
  static SchemaMigrator migrator() {
    return new SchemaMigrator(new LocalCommandRunner(), UpgradeCommands.of(TEMPLATES));
  }
}
