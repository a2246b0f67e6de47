package org.ckanmigrate.dump.ssh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.ckanmigrate.contract.event.ErrorCode;
import org.ckanmigrate.contract.spec.SourceSpec;
import org.ckanmigrate.contract.spec.SshEndpoint;
import org.ckanmigrate.dump.DumpFailedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PgDumpCommandTest {

  private static final SshEndpoint SSH = new SshEndpoint("db.example", 22, "ckan", "/k", "/kh");

  private static SourceSpec spec(String database, List<String> options) {
    return new SourceSpec(SSH, List.of(), database, options, null, "/tmp/a");
  }

  @Test
  void defaultCommandIsAQuotedPlainPgDumpWithoutPrivilegesOrOwners() throws Exception {
    PgDumpCommand command = PgDumpCommand.of(spec("ckan_default", null));
    assertThat(command.tokens())
        .containsExactly(
            "pg_dump", "-x", "-O", "--format=plain", "--no-password", "--", "ckan_default");
    assertThat(command.commandLine())
        .isEqualTo("'pg_dump' '-x' '-O' '--format=plain' '--no-password' '--' 'ckan_default'");
  }

  @Test
  void connectionSettingsBecomeValidatedOptions() throws Exception {
    SourceSpec spec =
        new SourceSpec(
            SSH,
            List.of(),
            "ckan",
            List.of("--no-owner", "--exclude-table-data=activity*", "-T", "public.tmp_*"),
            null,
            "/tmp/a",
            "/usr/lib/postgresql/15/bin/pg_dump",
            "127.0.0.1",
            5433,
            "ckan_ro");
    assertThat(PgDumpCommand.of(spec).tokens())
        .containsExactly(
            "/usr/lib/postgresql/15/bin/pg_dump",
            "--no-owner",
            "--exclude-table-data=activity*",
            "-T",
            "public.tmp_*",
            "--format=plain",
            "--no-password",
            "--host=127.0.0.1",
            "--port=5433",
            "--username=ckan_ro",
            "--",
            "ckan");
    assertThat(PgDumpCommand.of(spec).systemIdentifierCommandLine())
        .isEqualTo(
            "'/usr/lib/postgresql/15/bin/psql' '-X' '-A' '-t' '--no-password' '-c'"
                + " 'SELECT system_identifier FROM pg_control_system()' '--host=127.0.0.1'"
                + " '--port=5433' '--username=ckan_ro' '--' 'ckan'");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "x; rm -rf ~",
        "$(touch /tmp/pwned)",
        "`id`",
        "ckan'",
        "ckan\"",
        "ckan\nrm",
        "-ckan",
        "dbname=ckan host=evil",
        "postgresql://evil/ckan",
        "ckan db",
        "../ckan",
        "",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
      })
  void databaseNamesThatAreNotPlainIdentifiersAreRejected(String database) {
    assertThatThrownBy(() -> PgDumpCommand.of(spec(database, null)))
        .isInstanceOfSatisfying(
            DumpFailedException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_IDENTIFIER))
        .hasMessageContaining("database");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "--file=/etc/passwd",
        "-f",
        "--format=custom",
        "-Fc",
        "--compress=9",
        "-C",
        "--inserts",
        "--table=a;b",
        "--table=$(id)",
        "--schema=`id`",
        "--exclude-table=x y",
        "-x; rm -rf ~",
        "--no-owner && id"
      })
  void pgDumpOptionsOutsideTheAllowListAreRejected(String option) {
    assertThatThrownBy(() -> PgDumpCommand.of(spec("ckan", List.of(option))))
        .isInstanceOfSatisfying(
            DumpFailedException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_IDENTIFIER));
  }

  @Test
  void shortOptionValuesAreValidatedToo() {
    assertThatThrownBy(() -> PgDumpCommand.of(spec("ckan", List.of("-t", "$(reboot)"))))
        .isInstanceOf(DumpFailedException.class)
        .hasMessageContaining("value of -t");
  }

  @Test
  void connectionTokensAreValidated() {
    for (SourceSpec bad :
        List.of(
            new SourceSpec(SSH, null, "ckan", null, null, "/a", "/bin/sh -c id", null, null, null),
            new SourceSpec(SSH, null, "ckan", null, null, "/a", "/usr/bin/psql", null, null, null),
            new SourceSpec(
                SSH, null, "ckan", null, null, "/a", null, "-oProxyCommand=id", null, null),
            new SourceSpec(SSH, null, "ckan", null, null, "/a", null, "h;id", null, null),
            new SourceSpec(SSH, null, "ckan", null, null, "/a", null, null, 70000, null),
            new SourceSpec(SSH, null, "ckan", null, null, "/a", null, null, null, "a b"))) {
      assertThatThrownBy(() -> PgDumpCommand.of(bad))
          .isInstanceOfSatisfying(
              DumpFailedException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_IDENTIFIER));
    }
  }

  @Test
  void quotingNeutralisesEveryShellCharacter() {
    assertThat(PgDumpCommand.quote("a'b $(c) `d` ; e")).isEqualTo("'a'\\''b $(c) `d` ; e'");
  }
}
