package org.ckanmigrate.cli.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.ckanmigrate.contract.spec.SpecProblem;
import org.junit.jupiter.api.Test;

class RunSpecFileTest {

  private final RunSpecFile file = new RunSpecFile();

  @Test
  void documentedExampleIsAValidSpec() {
    Path example =
        Path.of(System.getProperty("ckan.project.dir", ".."), "docs", "run-spec.example.yaml");
    var loaded = file.load(example, "dump");
    assertThat(loaded.problems()).isEmpty();
    assertThat(loaded.spec().source().jumpHosts()).hasSize(1);
    assertThat(loaded.spec().schema().upgradeJumpHosts()).hasSize(1);
    assertThat(loaded.spec().target().password().env()).isEqualTo("CKAN_TARGET_PASSWORD");
    assertThat(loaded.spec().target().schemaOnlyTables()).contains("tag", "package_tag");
    assertThat(loaded.spec().index().batchSize()).isEqualTo(500);
  }

  @Test
  void listsEveryProblemAtOnceEachNamingItsKey() {
    String yaml =
        """
        source:
          ssh: {host: "bad host!", port: 70000, user: deploy, private-key-file: /k}
          database: "x; rm -rf ~"
          compression: brotli
          artifact-dir: /a
          colour: blue
        target:
          jdbc-url: jdbc:postgresql://u:secret@db/postgres
          user: ckan
          password: hunter2
          database: ckan
          parallelism: many
        index: {solr-url: "http://admin:pw@solr/solr", core: ckan, site-id: default}
        """;
    var loaded = file.parse(yaml, "dump");
    assertThat(loaded.ok()).isFalse();
    assertThat(loaded.problems())
        .extracting(SpecProblem::key)
        .contains("source.colour", "target.password", "target.parallelism");
    assertThat(loaded.problems().toString()).doesNotContain("hunter2");
  }

  @Test
  void semanticProblemsAreAllReported() {
    String yaml =
        """
        source:
          ssh: {host: "bad host!", port: 70000, user: deploy, private-key-file: /k}
          database: "x; rm -rf ~"
          compression: brotli
          artifact-dir: /a
        target:
          jdbc-url: jdbc:postgresql://u:secret@db/postgres
          user: ckan
          database: ckan
        index: {solr-url: "http://admin:pw@solr/solr", core: ckan, site-id: default}
        """;
    var loaded = file.parse(yaml, "dump");
    assertThat(loaded.problems())
        .extracting(SpecProblem::key)
        .containsExactlyInAnyOrder(
            "source.ssh.host",
            "source.ssh.port",
            "source.ssh.known-hosts-file",
            "source.database",
            "source.compression",
            "target.jdbc-url",
            "index.solr-url");
  }

  @Test
  void runStartingAtTheReindexNeedsOnlyTargetAndIndex() {
    String yaml =
        """
        target: {jdbc-url: "jdbc:postgresql://db/postgres", user: ckan, database: ckan}
        index: {solr-url: "http://solr:8983/solr", core: ckan, site-id: default}
        """;
    assertThat(file.parse(yaml, "index").problems()).isEmpty();
    assertThat(file.parse(yaml, "dump").problems()).extracting(SpecProblem::key).contains("source");
    assertThat(file.parse(yaml, "reindex").problems())
        .extracting(SpecProblem::key)
        .containsExactly("start-phase");
  }

  @Test
  void enumsAndDurationsAreChecked() {
    String yaml =
        """
        target: {jdbc-url: "jdbc:postgresql://db/postgres", user: ckan, database: ckan}
        schema: {tags: SOMETIMES, upgrade-timeout: 2h}
        index: {solr-url: "http://solr:8983/solr", core: ckan, site-id: default}
        """;
    assertThat(file.parse(yaml, "schema").problems())
        .extracting(SpecProblem::key)
        .containsExactlyInAnyOrder("schema.tags", "schema.upgrade-timeout");
    String good = yaml.replace("SOMETIMES", "DELETE").replace("2h", "PT2H");
    var loaded = file.parse(good, "schema");
    assertThat(loaded.problems()).isEmpty();
    assertThat(loaded.spec().schema().upgradeTimeout()).hasHours(2);
  }

  @Test
  void theTargetDatabaseFollowsTheLoadersRule() {
    String yaml =
        """
        target: {jdbc-url: "jdbc:postgresql://db/postgres", user: ckan, database: CKAN-Prod}
        index: {solr-url: "http://solr:8983/solr", core: ckan, site-id: default}
        """;
    var refused = file.parse(yaml, "load").problems();
    assertThat(refused).extracting(SpecProblem::key).containsExactly("target.database");
    assertThat(refused.get(0).toString()).contains("lower-case", "CKAN-Prod");
  }

  @Test
  void upgradeCommandNamesACommandOfTheServiceNeverACommandLine() {
    String yaml =
        """
        target: {jdbc-url: "jdbc:postgresql://db/postgres", user: ckan, database: ckan}
        schema: {upgrade-command: "sh -c 'cat /etc/passwd' {ini}"}
        index: {solr-url: "http://solr:8983/solr", core: ckan, site-id: default}
        """;
    var refused = file.parse(yaml, "schema").problems();
    assertThat(refused).extracting(SpecProblem::key).containsExactly("schema.upgrade-command");
    assertThat(refused.get(0).toString()).contains("configured on schema-service");
    String named = yaml.replace("\"sh -c 'cat /etc/passwd' {ini}\"", "ckan210");
    assertThat(file.parse(named, "schema").problems()).isEmpty();
  }

  @Test
  void harvestSourcesChoiceReadsInAnyCaseAndRefusesOthers() {
    String yaml =
        """
        target: {jdbc-url: "jdbc:postgresql://db/postgres", user: ckan, database: ckan}
        schema: {harvest-sources: drop}
        index: {solr-url: "http://solr:8983/solr", core: ckan, site-id: default}
        """;
    var loaded = file.parse(yaml, "schema");
    assertThat(loaded.problems()).isEmpty();
    assertThat(loaded.spec().schema().harvestSources())
        .isEqualTo(org.ckanmigrate.contract.spec.SchemaSpec.HarvestSources.DROP);
    assertThat(file.parse(yaml.replace("drop", "delete"), "schema").problems())
        .extracting(SpecProblem::key)
        .containsExactly("schema.harvest-sources");
  }

  @Test
  void upgradeJumpHostsAreCheckedAndNeedTheUpgradeHost() {
    String yaml =
        """
        target: {jdbc-url: "jdbc:postgresql://db/postgres", user: ckan, database: ckan}
        schema:
          ini-path: /etc/ckan/ckan.ini
          upgrade-jump-hosts:
            - {host: bastion.example.org, user: ops, private-key-file: /k, known-hosts-file: /kh}
            - {host: "bad host!", user: ops, private-key-file: /k}
        index: {solr-url: "http://solr:8983/solr", core: ckan, site-id: default}
        """;
    assertThat(file.parse(yaml, "schema").problems())
        .extracting(SpecProblem::key)
        .containsExactlyInAnyOrder(
            "schema.upgrade-jump-hosts[1].host",
            "schema.upgrade-jump-hosts[1].known-hosts-file",
            "schema.upgrade-jump-hosts");
    String good =
        yaml.replace("\"bad host!\"", "bastion2.example.org")
            .replace("private-key-file: /k}", "private-key-file: /k, known-hosts-file: /kh}")
            .replace(
                "  upgrade-jump-hosts:",
                "  upgrade-host: {host: ckan.internal, user: ckan, private-key-file: /k,"
                    + " known-hosts-file: /kh}\n  upgrade-jump-hosts:");
    var loaded = file.parse(good, "schema");
    assertThat(loaded.problems()).isEmpty();
    assertThat(loaded.spec().schema().upgradeJumpHosts())
        .extracting(h -> h.host())
        .containsExactly("bastion.example.org", "bastion2.example.org");
  }

  @Test
  void brokenYamlIsReportedNotThrown() {
    assertThat(file.parse("source: [unclosed", "dump").problems())
        .extracting(SpecProblem::key)
        .containsExactly("(yaml)");
  }
}
