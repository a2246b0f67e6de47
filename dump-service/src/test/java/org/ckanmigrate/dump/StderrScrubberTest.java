package org.ckanmigrate.dump;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StderrScrubberTest {

  @Test
  void passwordsInUrlsAndAssignmentsAreMasked() {
    String stderr =
        "pg_dump: error: connection to postgresql://ckan:s3cret@db/ckan failed\n"
            + "detail: password=hunter2 host=db PGPASSWORD='x y'\n";
    String scrubbed = StderrScrubber.scrub(stderr);
    assertThat(scrubbed)
        .doesNotContain("s3cret", "hunter2", "x y")
        .contains("postgresql://ckan:***@db/ckan", "password=***", "host=db");
  }

  @Test
  void excerptKeepsTheEndOnOneLine() {
    String excerpt = StderrScrubber.excerpt("first\nsecond\nthe real error\n", 20);
    assertThat(excerpt).isEqualTo("...ond | the real error");
  }
}
