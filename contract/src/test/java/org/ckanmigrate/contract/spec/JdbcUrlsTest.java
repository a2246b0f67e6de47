package org.ckanmigrate.contract.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JdbcUrlsTest {

  @Test
  void replacesTheDatabaseAndKeepsParameters() {
    assertThat(JdbcUrls.forDatabase("jdbc:postgresql://db:5432/postgres?ssl=true", "ckan"))
        .isEqualTo("jdbc:postgresql://db:5432/ckan?ssl=true");
    assertThat(JdbcUrls.forDatabase("jdbc:postgresql://db", "ckan"))
        .isEqualTo("jdbc:postgresql://db/ckan");
    assertThat(JdbcUrls.forDatabase("jdbc:postgresql://h1:1,h2:2/x", "ckan"))
        .isEqualTo("jdbc:postgresql://h1:1,h2:2/ckan");
  }

  @Test
  void refusesOtherUrlsWithoutEchoingThem() {
    assertThatThrownBy(() -> JdbcUrls.forDatabase("mysql://u:secret@h/db", "ckan"))
        .hasMessageNotContaining("secret");
  }
}
