package org.ckanmigrate.schema.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import org.ckanmigrate.schema.preflight.CkanSchemaVersion;
import org.ckanmigrate.schema.preflight.SchemaEra;
import org.junit.jupiter.api.Test;

/** B7: which databases are newer than a target CKAN release knows. */
class NewerThanReleaseTest {

  private static CkanSchemaVersion migrate(int n) {
    return new CkanSchemaVersion(SchemaEra.SQLALCHEMY_MIGRATE, Integer.toString(n));
  }

  private static CkanSchemaVersion alembic(String revision) {
    return new CkanSchemaVersion(SchemaEra.ALEMBIC, revision);
  }

  @Test
  void olderOrEqualDatabasesAreUpgradable() {
    assertThat(KnownHeads.newerThan(migrate(71), "2.7.4")).isEmpty();
    assertThat(KnownHeads.newerThan(migrate(85), "2.7.4")).isEmpty();
    assertThat(KnownHeads.newerThan(migrate(86), "2.10.4")).isEmpty();
    assertThat(KnownHeads.newerThan(alembic("ccd38ad5fced"), "2.10.4")).isEmpty();
    assertThat(KnownHeads.newerThan(alembic("9f33a0280c51"), "2.10.1")).isEmpty();
  }

  @Test
  void newerDatabasesAreRefusedSayingWhy() {
    assertThat(KnownHeads.newerThan(migrate(86), "2.7.4"))
        .hasValueSatisfying(why -> assertThat(why).contains("86", "2.7"));
    assertThat(KnownHeads.newerThan(alembic("3ae4b17ed66d"), "2.8.5"))
        .hasValueSatisfying(why -> assertThat(why).contains("alembic"));
    assertThat(KnownHeads.newerThan(alembic("4a5e3465beb6"), "2.10.4"))
        .hasValueSatisfying(why -> assertThat(why).contains("2.11"));
  }

  @Test
  void anUnknownReleaseIsNotJudged() {
    assertThat(KnownHeads.newerThan(migrate(200), "2.5.0")).isEmpty();
  }
}
