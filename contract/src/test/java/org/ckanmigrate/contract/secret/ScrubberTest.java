package org.ckanmigrate.contract.secret;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.ckanmigrate.testsupport.secret.Secrets;
import org.junit.jupiter.api.Test;

class ScrubberTest {

  @Test
  void masksPasswordsInUrlsUpToTheLastAtBeforeTheHost() {
    assertThat(Scrubber.scrub("connect to postgresql://ckan:s3cr3t@db:5432/ckan failed"))
        .isEqualTo("connect to postgresql://ckan:****@db:5432/ckan failed");
    assertThat(Scrubber.scrub("postgresql://ckan:p@ssw0rd@db/ckan"))
        .isEqualTo("postgresql://ckan:****@db/ckan");
    assertThat(Scrubber.scrub("http://admin:pa/ss@solr:8983/solr"))
        .isEqualTo("http://admin:****@solr:8983/solr");
  }

  @Test
  void masksJsonYamlAndMultiWordValues() {
    assertThat(Scrubber.scrub("{\"user\":\"ckan\",\"password\":\"hunter2\"}"))
        .isEqualTo("{\"user\":\"ckan\",\"password\":\"****\"}");
    assertThat(Scrubber.scrub("  password: correct horse battery staple"))
        .isEqualTo("  password: ****");
    assertThat(Scrubber.scrub("host=db password=x y z dbname=ckan"))
        .isEqualTo("host=db password=**** dbname=ckan");
    assertThat(Scrubber.scrub("host=db password='x \\' y' dbname=ckan"))
        .isEqualTo("host=db password='****' dbname=ckan");
    assertThat(Scrubber.scrub("spring.datasource.password=a b;c")).doesNotContain("a b;c");
    assertThat(Scrubber.scrub("Authorization: Bearer eyJhbGciOi.x")).doesNotContain("eyJhbGciOi");
  }

  @Test
  void masksPasswordLikeParametersAndPairs() {
    assertThat(Scrubber.scrub("jdbc:postgresql://db/ckan?user=ckan&password=s3&cr3t&ssl=true"))
        .isEqualTo("jdbc:postgresql://db/ckan?user=ckan&password=****&ssl=true");
    assertThat(Scrubber.scrub("PGPASSWORD=abc pg_dump")).isEqualTo("PGPASSWORD=****");
    assertThat(Scrubber.scrub("apikey: 1234-abcd")).isEqualTo("apikey: ****");
    assertThat(Scrubber.scrub("{user=ckan, clientSecret=abc, url=x}"))
        .isEqualTo("{user=ckan, clientSecret=****, url=x}");
  }

  @Test
  void scrubsEveryLineOfAStackTraceOnItsOwn() {
    String trace =
        "java.lang.IllegalStateException: cannot reach postgresql://u:pw@db/ckan\n"
            + "\tat org.example.A.b(A.java:1)\n"
            + "Caused by: org.postgresql.util.PSQLException: password=hunter2 refused\n"
            + "\tat org.example.C.d(C.java:2)\n";
    assertThat(Scrubber.scrub(trace))
        .doesNotContain("pw@", "hunter2")
        .contains("\tat org.example.A.b(A.java:1)\n", "\tat org.example.C.d(C.java:2)\n");
  }

  @Test
  void leavesTextWithoutSecretsAlone() {
    String text = "pg_dump: error: connection to server at \"db\" (10.0.0.1), port 5432 failed";
    assertThat(Scrubber.scrub(text)).isEqualTo(text);
    assertThat(Scrubber.scrub("user@host:22")).isEqualTo("user@host:22");
    assertThat(Scrubber.scrub("FATAL: password authentication failed for user \"ckan\""))
        .isEqualTo("FATAL: password authentication failed for user \"ckan\"");
    assertThat(Scrubber.scrub(null)).isNull();
  }

  @Test
  void excerptKeepsTheScrubbedEndOnOneLine() {
    assertThat(Scrubber.excerpt("first\nsecond\nthe real error\n", 20))
        .isEqualTo("...ond | the real error");
    assertThat(Scrubber.excerpt("x\npassword=hunter2\n", 100)).isEqualTo("x | password=****");
  }

  /** Every generated secret, in every place it can appear, leaves no 5-character trace. */
  @Test
  void noGeneratedSecretSurvivesInAnyPlace() {
    Random random = new Random(16_2026L); // seeded: a failure replays; the seed is in the message
    int checked = 0;
    for (int i = 0; i < 2_000; i++) {
      String secret = Secrets.generate(random, true);
      String urlSecret = Secrets.generate(random, false);
      for (Place place : Place.ALL) {
        String s = place.needsNoSpace ? urlSecret : secret;
        String placed = place.encode.apply(s);
        String text = place.template.replace("{}", placed);
        Secrets.assertNoTrace(Scrubber.scrub(text), placed, place.template, place.name);
        checked++;
      }
    }
    assertThat(checked).isEqualTo(2_000 * Place.ALL.size());
  }

  record Place(String name, String template, boolean needsNoSpace, UnaryOperator<String> encode) {
    static final List<Place> ALL = new ArrayList<>();

    static {
      UnaryOperator<String> raw = s -> s;
      UnaryOperator<String> json = s -> s.replace("\\", "\\\\").replace("\"", "\\\"");
      UnaryOperator<String> libpq = s -> s.replace("\\", "\\\\").replace("'", "\\'");
      ALL.add(new Place("url", "connect to postgresql://ckan:{}@db:5432/ckan failed", true, raw));
      ALL.add(new Place("jdbc-url", "jdbc:postgresql://ckan:{}@db/ckan?ssl=true", true, raw));
      ALL.add(
          new Place("query", "jdbc:postgresql://db/ckan?user=ckan&password={}&ssl=1", true, raw));
      ALL.add(new Place("libpq", "host=db password={} dbname=ckan", false, raw));
      ALL.add(new Place("libpq-quoted", "host=db password='{}' dbname=ckan", false, libpq));
      ALL.add(new Place("json", "{\"user\":\"ckan\",\"password\":\"{}\",\"n\":1}", false, json));
      ALL.add(new Place("json-last", "{\"apiToken\" : \"{}\"}", false, json));
      ALL.add(new Place("yaml", "  password: {}", false, raw));
      ALL.add(new Place("env", "PGPASSWORD={} pg_dump -Fc ckan", false, raw));
      ALL.add(new Place("properties", "spring.datasource.password={}", false, raw));
      ALL.add(new Place("map", "{user=ckan, password={}, host=db}", false, raw));
      ALL.add(new Place("header", "Authorization: Basic {}", false, raw));
      ALL.add(
          new Place(
              "stack-trace",
              "java.lang.RuntimeException: boom\n\tat a.B.c(B.java:1)\n"
                  + "Caused by: x.Y: url postgresql://u:{}@h/d\n\tat a.B.d(B.java:2)",
              true,
              raw));
    }
  }
}
