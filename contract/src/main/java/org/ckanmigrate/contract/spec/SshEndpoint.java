package org.ckanmigrate.contract.spec;

/**
 * One SSH host: where it is, who logs in, the private key file used for public-key authentication
 * and the known_hosts file its host key is checked against (strictly: unknown or changed keys are
 * refused).
 */
public record SshEndpoint(
    String host, int port, String user, String privateKeyFile, String knownHostsFile) {}
