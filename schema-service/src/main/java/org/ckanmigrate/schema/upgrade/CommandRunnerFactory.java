package org.ckanmigrate.schema.upgrade;

import java.util.List;
import org.ckanmigrate.contract.spec.SshEndpoint;

/**
 * Picks where CKAN's upgrade runs for a run spec's {@code schema.upgradeHost}: this machine when it
 * is null, else that host over SSH ({@link #localOrSsh}, the service's default).
 */
@FunctionalInterface
public interface CommandRunnerFactory {

  /**
   * The runner for {@code host}; null means this machine.
   *
   * @param jumpHosts hops to {@code host}, in order (empty: direct)
   * @throws IllegalArgumentException when this service cannot reach such a host
   */
  CommandRunner forHost(SshEndpoint host, List<SshEndpoint> jumpHosts);

  /**
   * {@code local} for no host, an {@link SshCommandRunner} with its default timeouts for a host
   * (strict host keys from the endpoint's known_hosts file, its private key only).
   */
  static CommandRunnerFactory localOrSsh(CommandRunner local) {
    return (host, jumpHosts) -> host == null ? local : new SshCommandRunner(host, jumpHosts);
  }

  /**
   * Runs everything through {@code local}; a run spec naming an upgrade host is refused (for a
   * deployment that must never open SSH connections from the schema service).
   */
  static CommandRunnerFactory localOnly(CommandRunner local) {
    return (host, jumpHosts) -> {
      if (host != null) {
        throw new IllegalArgumentException(
            "schema.upgradeHost is set ("
                + host.host()
                + ") but this service is configured to run CKAN's upgrade only on its own"
                + " machine: unset schema.upgradeHost and run the schema service where CKAN is"
                + " installed");
      }
      return local;
    };
  }
}
