package org.ckanmigrate.contract.spec;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.ckanmigrate.contract.event.Phase;

/**
 * Checks a run spec before anything starts, listing every problem at once, each naming its key. A
 * run starting at a later phase needs only the sections of that phase and the ones after it.
 */
public final class RunSpecValidator {

  /** The phases in run order, as the operator names them ({@link Phase}). */
  public static final List<String> PHASES = Phase.names();

  private static final Pattern HOST =
      Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?|\\[[0-9A-Fa-f:.]+\\]");
  private static final Pattern USER = Pattern.compile("[A-Za-z_][A-Za-z0-9._-]*");
  private static final Pattern CORE = Pattern.compile("[A-Za-z0-9_.-]+");
  private static final Set<String> OWNERSHIP = Set.of("skip", "map", "keep");

  private RunSpecValidator() {}

  public static List<SpecProblem> validate(RunSpec spec, String startPhase) {
    List<SpecProblem> problems = new ArrayList<>();
    String name = startPhase == null ? Phase.DUMP.wireName() : startPhase;
    Phase start = Phase.named(name).orElse(null);
    if (start == null) {
      problems.add(
          new SpecProblem("start-phase", "'" + name + "' is not a phase; use one of " + PHASES));
      return problems;
    }
    if (spec == null) {
      problems.add(new SpecProblem("(spec)", "the run spec is empty"));
      return problems;
    }
    if (Phase.DUMP.runsFrom(start)) {
      source(spec.source(), problems);
      transfer(spec.transfer(), problems);
    }
    // Every phase works on the target database, the index phase last: a run starting anywhere
    // needs the target and index sections.
    target(spec.target(), problems);
    if (Phase.SCHEMA.runsFrom(start) && spec.schema() != null) {
      schema(spec.schema(), problems);
    }
    index(spec.index(), problems);
    return problems;
  }

  private static void source(SourceSpec s, List<SpecProblem> problems) {
    if (s == null) {
      problems.add(
          new SpecProblem("source", "missing: the dump needs the source host and database"));
      return;
    }
    ssh("source.ssh", s.ssh(), problems);
    if (s.jumpHosts() != null) {
      for (int i = 0; i < s.jumpHosts().size(); i++) {
        ssh("source.jump-hosts[" + i + "]", s.jumpHosts().get(i), problems);
      }
    }
    identifier("source.database", s.database(), problems);
    if (s.pgUser() != null) {
      identifier("source.pg-user", s.pgUser(), problems);
    }
    if (s.pgPort() != null) {
      port("source.pg-port", s.pgPort(), problems);
    }
    if (s.pgHost() != null && !HOST.matcher(s.pgHost()).matches()) {
      problems.add(new SpecProblem("source.pg-host", "'" + s.pgHost() + "' is not a host name"));
    }
    if (s.compression() != null) {
      try {
        Compression.parse(s.compression());
      } catch (IllegalArgumentException e) {
        problems.add(
            new SpecProblem(
                "source.compression",
                "'" + s.compression() + "' is not one of " + Compression.ACCEPTED_FORMS));
      }
    }
    if (blank(s.artifactDir())) {
      problems.add(new SpecProblem("source.artifact-dir", "missing: where the dump is written"));
    }
  }

  private static void transfer(TransferSpec t, List<SpecProblem> problems) {
    if (t == null || t.sftp() == null) {
      return;
    }
    ssh("transfer.sftp", t.sftp(), problems);
    if (blank(t.remoteDir())) {
      problems.add(
          new SpecProblem("transfer.remote-dir", "missing: where the artifact is uploaded"));
    }
  }

  private static void ssh(String key, SshEndpoint e, List<SpecProblem> problems) {
    if (e == null) {
      problems.add(
          new SpecProblem(key, "missing: give host, user, private-key-file and known-hosts-file"));
      return;
    }
    if (blank(e.host()) || !HOST.matcher(e.host()).matches()) {
      problems.add(new SpecProblem(key + ".host", "'" + e.host() + "' is not a host name"));
    }
    if (e.port() != 0) {
      port(key + ".port", e.port(), problems);
    }
    if (blank(e.user()) || !USER.matcher(e.user()).matches()) {
      problems.add(new SpecProblem(key + ".user", "'" + e.user() + "' is not a user name"));
    }
    if (blank(e.privateKeyFile())) {
      problems.add(
          new SpecProblem(
              key + ".private-key-file", "missing: public-key authentication needs it"));
    }
    if (blank(e.knownHostsFile())) {
      problems.add(
          new SpecProblem(
              key + ".known-hosts-file",
              "missing: host keys are always checked; add the host's key to a known_hosts file"));
    }
  }

  private static void target(TargetSpec t, List<SpecProblem> problems) {
    if (t == null) {
      problems.add(new SpecProblem("target", "missing: the target PostgreSQL server and database"));
      return;
    }
    if (blank(t.jdbcUrl()) || !t.jdbcUrl().startsWith("jdbc:postgresql://")) {
      problems.add(
          new SpecProblem(
              "target.jdbc-url", "must look like jdbc:postgresql://host:5432/postgres"));
    } else if (t.jdbcUrl().matches("(?i).*(password=|//[^/@]*:[^/@]*@).*")) {
      problems.add(
          new SpecProblem(
              "target.jdbc-url",
              "holds a password; remove it and set target.password to {file: ...} or {env: ...}"));
    }
    if (blank(t.user())) {
      problems.add(new SpecProblem("target.user", "missing: the role that loads"));
    }
    if (t.password() != null) {
      secret("target.password", t.password(), problems);
    }
    try {
      PgIdentifiers.createdDatabase("target.database", t.database()); // as load-service checks it
    } catch (PgIdentifiers.InvalidIdentifierException e) {
      problems.add(new SpecProblem("target.database", e.getMessage()));
    }
    if (t.parallelism() < 0 || t.parallelism() > 64) {
      problems.add(new SpecProblem("target.parallelism", "must be between 1 and 64 (0 = default)"));
    }
    if (t.ownership() != null && !OWNERSHIP.contains(t.ownership())) {
      problems.add(new SpecProblem("target.ownership", "must be one of " + OWNERSHIP));
    }
    if ("map".equals(t.ownership())) {
      identifier("target.owner-role", t.ownerRole(), problems);
    }
  }

  private static void schema(SchemaSpec s, List<SpecProblem> problems) {
    if (!blank(s.migrationSet()) && !blank(s.migrationDir())) {
      problems.add(
          new SpecProblem(
              "schema.migration-set", "give either migration-set or migration-dir, not both"));
    }
    if (s.keepSysadmins() != null) {
      for (int i = 0; i < s.keepSysadmins().size(); i++) {
        if (blank(s.keepSysadmins().get(i))) {
          problems.add(new SpecProblem("schema.keep-sysadmins[" + i + "]", "is empty"));
        }
      }
    }
    if (s.upgradeCommand() != null
        && !s.upgradeCommand().matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")) {
      // What runs is schema-service's configuration, never the event's: the spec names a command.
      problems.add(
          new SpecProblem(
              "schema.upgrade-command",
              "names an upgrade command configured on schema-service (built in: ckan, paster;"
                  + " others as ckan-migrate.schema.upgrade-commands.NAME=<template with {ini}>),"
                  + " not a command line"));
    }
    if (s.upgradeHost() != null) {
      ssh("schema.upgrade-host", s.upgradeHost(), problems);
    }
    for (int i = 0; i < s.upgradeJumpHosts().size(); i++) {
      ssh("schema.upgrade-jump-hosts[" + i + "]", s.upgradeJumpHosts().get(i), problems);
    }
    if (!s.upgradeJumpHosts().isEmpty() && s.upgradeHost() == null) {
      problems.add(
          new SpecProblem(
              "schema.upgrade-jump-hosts",
              "given without schema.upgrade-host: set the CKAN host they lead to, or remove them"
                  + " to run CKAN's command beside the schema service"));
    }
  }

  private static void index(IndexSpec i, List<SpecProblem> problems) {
    if (i == null) {
      problems.add(new SpecProblem("index", "missing: the Solr URL, core and site id"));
      return;
    }
    if (blank(i.solrUrl())) {
      problems.add(new SpecProblem("index.solr-url", "missing, e.g. http://localhost:8983/solr"));
    } else {
      try {
        URI uri = URI.create(i.solrUrl());
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
          problems.add(new SpecProblem("index.solr-url", "must be an http(s) URL"));
        } else if (uri.getUserInfo() != null) {
          problems.add(
              new SpecProblem("index.solr-url", "holds credentials; remove them from the URL"));
        }
      } catch (IllegalArgumentException e) {
        problems.add(new SpecProblem("index.solr-url", "is not a URL"));
      }
    }
    if (blank(i.core()) || !CORE.matcher(i.core()).matches()) {
      problems.add(new SpecProblem("index.core", "'" + i.core() + "' is not a Solr core name"));
    }
    if (blank(i.siteId())) {
      problems.add(
          new SpecProblem("index.site-id", "missing: CKAN's ckan.site_id (often 'default')"));
    }
    if (i.batchSize() < 0 || i.batchSize() > 10_000) {
      problems.add(
          new SpecProblem("index.batch-size", "must be between 1 and 10000 (0 = default)"));
    }
  }

  private static void secret(String key, SecretRef ref, List<SpecProblem> problems) {
    if ((ref.file() == null) == (ref.env() == null)) {
      problems.add(
          new SpecProblem(
              key, "give exactly one of {file: /path} or {env: VARIABLE}, never the value"));
    }
  }

  private static void identifier(String key, String value, List<SpecProblem> problems) {
    try {
      PgIdentifiers.validate(key, value);
    } catch (PgIdentifiers.InvalidIdentifierException e) {
      problems.add(new SpecProblem(key, e.getMessage()));
    }
  }

  private static void port(String key, int port, List<SpecProblem> problems) {
    if (port < 1 || port > 65535) {
      problems.add(new SpecProblem(key, port + " is not a TCP port (1-65535)"));
    }
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
