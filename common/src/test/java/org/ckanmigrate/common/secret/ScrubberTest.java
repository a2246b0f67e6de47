package org.ckanmigrate.common.secret;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ScrubberTest {

  @Test
  void masksPasswordsInUrls() {
    assertThat(Scrubber.scrub("connect to postgresql://ckan:s3cr3t@db:5432/ckan failed"))
        .isEqualTo("connect to postgresql://ckan:****@db:5432/ckan failed")
        .doesNotContain("s3cr3t");
    assertThat(Scrubber.scrub("http://admin:hunter2@solr:8983/solr"))
        .isEqualTo("http://admin:****@solr:8983/solr");
  }

  @Test
  void masksPasswordLikeParametersAndPairs() {
    assertThat(Scrubber.scrub("jdbc:postgresql://db/ckan?user=ckan&password=s3cr3t&ssl=true"))
        .isEqualTo("jdbc:postgresql://db/ckan?user=ckan&password=****&ssl=true");
    assertThat(Scrubber.scrub("PGPASSWORD=abc pg_dump")).isEqualTo("PGPASSWORD=**** pg_dump");
    assertThat(Scrubber.scrub("host=db password='x y' dbname=ckan"))
        .isEqualTo("host=db password=**** dbname=ckan");
    assertThat(Scrubber.scrub("apikey: 1234-abcd")).isEqualTo("apikey: ****");
  }

  @Test
  void leavesTextWithoutSecretsAlone() {
    String text = "pg_dump: error: connection to server at \"db\" (10.0.0.1), port 5432 failed";
    assertThat(Scrubber.scrub(text)).isEqualTo(text);
    assertThat(Scrubber.scrub("user@host:22")).isEqualTo("user@host:22");
    assertThat(Scrubber.scrub(null)).isNull();
  }
}
