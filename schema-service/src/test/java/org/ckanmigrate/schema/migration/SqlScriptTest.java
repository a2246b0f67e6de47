package org.ckanmigrate.schema.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SqlScriptTest {

  @Test
  void splitsOnSemicolonsOutsideQuotesCommentsAndDollarBodies() {
    String sql =
        "-- a; comment\nUPDATE t SET a = 'x;y';\n"
            + "DO $$ BEGIN PERFORM 1; END $$;\n"
            + "/* c; */ SELECT \"we;ird\" FROM t;\n"
            + "SELECT $tag$ ; $$ ; $tag$;\n-- trailing\n";

    assertThat(SqlScript.split(sql))
        .containsExactly(
            "-- a; comment\nUPDATE t SET a = 'x;y'",
            "DO $$ BEGIN PERFORM 1; END $$",
            "/* c; */ SELECT \"we;ird\" FROM t",
            "SELECT $tag$ ; $$ ; $tag$");
  }

  @Test
  void replacesPlaceholdersAndNamesAMissingOne() {
    assertThat(SqlScript.replacePlaceholders("a '${x}' ${y}", Map.of("x", "1", "y", "$2"), "V1"))
        .isEqualTo("a '1' $2");
    assertThatThrownBy(() -> SqlScript.replacePlaceholders("${nope}", Map.of(), "V7__x.sql"))
        .hasMessageContaining("${nope}")
        .hasMessageContaining("V7__x.sql");
  }

  @Test
  void builtInSetHasDataGovUkDefaults() {
    MigrationSet set = MigrationSets.find(MigrationSets.DATAGOVUK_BYTEMARK_TO_GOVUK).orElseThrow();

    assertThat(set.defaults())
        .containsEntry("kept_sysadmin_fullname", "2ndline")
        .containsEntry("duplicate_harvest_source_id", "2c798023-abac-4785-ad19-67bd5c1aed63")
        .containsEntry("tags", "keep");
    assertThat(set.resourcePath()).doesNotStartWith("db/");
    assertThat(MigrationSets.find("nope")).isEmpty();
  }
}
