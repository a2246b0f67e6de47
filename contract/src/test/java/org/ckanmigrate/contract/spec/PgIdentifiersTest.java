package org.ckanmigrate.contract.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PgIdentifiersTest {

  @ParameterizedTest
  @ValueSource(strings = {"ckan", "ckan_default", "CKAN-prod", "_x1"})
  void acceptsAndQuotesOrdinaryNames(String name) {
    assertThat(PgIdentifiers.quote("target database", name)).isEqualTo('"' + name + '"');
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "x; rm -rf ~",
        "$(reboot)",
        "`id`",
        "a\"b",
        "a'b",
        "-x",
        "1abc",
        "a b",
        "ckan\n",
        "répertoire"
      })
  void rejectsUnsafeNamesNamingWhatWasWrong(String name) {
    assertThatThrownBy(() -> PgIdentifiers.validate("source database", name))
        .isInstanceOf(PgIdentifiers.InvalidIdentifierException.class)
        .hasMessageStartingWith("source database '");
  }

  @ParameterizedTest
  @ValueSource(ints = {64, 100})
  void rejectsNamesPostgresWouldTruncate(int length) {
    assertThatThrownBy(() -> PgIdentifiers.validate("role", "a".repeat(length)))
        .hasMessageContaining("longer than 63 bytes");
  }

  @ParameterizedTest
  @ValueSource(strings = {""})
  void rejectsEmptyNames(String name) {
    assertThatThrownBy(() -> PgIdentifiers.validate("role", name)).hasMessageContaining("empty");
  }

  @ParameterizedTest
  @ValueSource(strings = {"CKAN-Prod", "ckan-prod", "Ckan", "x;y", "1db", ""})
  void aDatabaseCkanMigrateCreatesIsLowerCaseWithoutDashes(String name) {
    assertThatThrownBy(() -> PgIdentifiers.createdDatabase("target database", name))
        .isInstanceOf(PgIdentifiers.InvalidIdentifierException.class)
        .hasMessageContaining("lower-case");
    assertThat(PgIdentifiers.createdDatabase("target database", "ckan_prod_2"))
        .isEqualTo("ckan_prod_2");
  }
}
