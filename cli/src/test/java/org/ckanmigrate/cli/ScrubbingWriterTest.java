package org.ckanmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ScrubbingWriterTest {

  @Test
  void aSecretPrintedInPiecesIsStillMasked() {
    StringWriter target = new StringWriter();
    PrintWriter out = new PrintWriter(new ScrubbingWriter(target), true);
    out.print("source: postgresql://ckan:p@ss");
    out.print("w0rd@db/ckan password=");
    out.println("two words");
    assertThat(target.toString())
        .isEqualTo("source: postgresql://ckan:****@db/ckan password=****" + System.lineSeparator())
        .doesNotContain("p@ss", "w0rd", "two words");
  }

  @Test
  void theCliWritesThroughTheScrubber() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = CkanMigrateCli.commandLine(out, err).execute("--help");
    assertThat(code).isZero();
    assertThat(out.toString()).contains("ckan-migrate", "status");
  }
}
