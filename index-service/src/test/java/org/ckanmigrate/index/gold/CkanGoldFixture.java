package org.ckanmigrate.index.gold;

import java.nio.file.Path;
import org.ckanmigrate.stack.postgres.TestDatabase;
import org.ckanmigrate.testsupport.fixtures.CkanGold;

/**
 * The CKAN 2.10 gold fixture (test-support's {@link CkanGold}): its database and CKAN's documents.
 */
public final class CkanGoldFixture {

  private CkanGoldFixture() {}

  public static Path postedDocs() {
    return CkanGold.postedDocs();
  }

  public static Path storedDocs() {
    return CkanGold.storedDocs();
  }

  /** A fresh database holding the gold CKAN catalogue, loaded with psql. */
  public static TestDatabase load(String prefix) {
    return CkanGold.load(prefix);
  }
}
