package org.ckanmigrate.schema.upgrade;

import org.ckanmigrate.common.spec.SshEndpoint;

/** Picks where CKAN's upgrade runs for a run spec's {@code schema.upgradeHost}. */
@FunctionalInterface
public interface CommandRunnerFactory {

  /**
   * The runner for {@code host}; null means this machine.
   *
   * @throws IllegalArgumentException when this service cannot reach such a host
   */
  CommandRunner forHost(SshEndpoint host);

  /**
   * Runs everything through {@code local}; a run spec naming an upgrade host is refused (the SSH
   * runner, reusing the dump-service's strict host-key client, plugs in here later).
   */
  static CommandRunnerFactory localOnly(CommandRunner local) {
    return host -> {
      if (host != null) {
        throw new IllegalArgumentException(
            "schema.upgradeHost is set ("
                + host.host()
                + ") but this service runs CKAN's upgrade only on its own machine so far: unset"
                + " schema.upgradeHost and run the schema service where CKAN is installed");
      }
      return local;
    };
  }
}
