package org.ckanmigrate.stack.catalogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The expectations in {@link DateForms} are what python3-dateutil, CKAN's date parser, makes of
 * each form. Skipped with one printed line where python3 with dateutil is missing.
 */
class DateFormsOracleTest {

  private static final String ORACLE =
      """
      import sys, datetime
      from dateutil.parser import parse
      for line in sys.stdin.read().split('\\n\\x1e\\n')[:-1]:
          try:
              print(parse(line, default=datetime.datetime(1, 1, 1)).isoformat())
          except (ValueError, OverflowError):
              print('REFUSED')
      """;

  @Test
  void everyFormParsesOrIsRefusedAsDateutilSays() throws Exception {
    List<String> answers = dateutil(DateForms.ALL.stream().map(DateForms.DateForm::text).toList());
    for (int i = 0; i < DateForms.ALL.size(); i++) {
      DateForms.DateForm form = DateForms.ALL.get(i);
      assertThat(answers.get(i))
          .as("dateutil on '%s'", form.text())
          .isEqualTo(form.parses() ? form.isoformat() : "REFUSED");
    }
    assertThat(DateForms.ALL).anyMatch(f -> !f.parses()).anyMatch(DateForms.DateForm::parses);
  }

  private static List<String> dateutil(List<String> texts) throws Exception {
    Process process;
    try {
      process = new ProcessBuilder("python3", "-c", ORACLE).redirectErrorStream(false).start();
    } catch (IOException e) {
      System.out.println("DateFormsOracleTest skipped: python3 is not installed");
      assumeTrue(false, "python3 is not installed");
      throw e;
    }
    try (OutputStream in = process.getOutputStream()) {
      for (String text : texts) {
        in.write((text + "\n\u001e\n").getBytes(StandardCharsets.UTF_8));
      }
    }
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    if (process.exitValue() != 0 && err.contains("No module named 'dateutil'")) {
      System.out.println(
          "DateFormsOracleTest skipped: python3 has no dateutil (apt-get install"
              + " python3-dateutil)");
      assumeTrue(false, "python3-dateutil is not installed");
    }
    assertThat(process.exitValue()).as("python3 failed: %s", err).isZero();
    return out.lines().toList();
  }
}
