package org.ckanmigrate.schema.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineOutputTest {

  @Test
  void linesSplitAcrossWritesAreJoinedAndCarriageReturnsDropped() {
    List<String> lines = new ArrayList<>();
    LineOutput out = new LineOutput(lines::add);
    byte[] text = "Upgrading DB: 7\u00e9 -> 85\r\nDone\npartial".getBytes(StandardCharsets.UTF_8);

    out.write(text, 0, 10);
    out.write(text, 10, text.length - 10);

    assertThat(lines).containsExactly("Upgrading DB: 7\u00e9 -> 85", "Done");
    out.flush();
    assertThat(lines).containsExactly("Upgrading DB: 7\u00e9 -> 85", "Done", "partial");
    out.flush();
    assertThat(lines).hasSize(3);
  }

  @Test
  void runawayLineIsCutInto64KbPieces() {
    List<String> lines = new ArrayList<>();
    LineOutput out = new LineOutput(lines::add);
    byte[] line = "x".repeat(100_000).getBytes(StandardCharsets.US_ASCII);

    out.write(line, 0, line.length);
    out.close();

    assertThat(lines).extracting(String::length).containsExactly(64 * 1024, 100_000 - 64 * 1024);
  }

  @Test
  void timeoutIsGivenToCoreutilsInWholeSecondsRoundedUp() {
    assertThat(SshCommandRunner.seconds(Duration.ofHours(12))).isEqualTo("43200s");
    assertThat(SshCommandRunner.seconds(Duration.ofMillis(1500))).isEqualTo("2s");
    assertThat(SshCommandRunner.seconds(Duration.ZERO)).isEqualTo("1s");
  }
}
