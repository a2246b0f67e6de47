package org.ckanmigrate.index.document;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ckanmigrate.testsupport.catalogue.DateForms;
import org.junit.jupiter.api.Test;

/**
 * The date forms the catalogue generator writes into {@code *_date} extras, each read as
 * python3-dateutil reads it with CKAN's default {@code datetime(1, 1, 1)} (the expectations in
 * {@link DateForms}, re-checked against dateutil by test-support's DateFormsOracleTest).
 */
class PyDatesDateFormsTest {

  private static final LocalDateTime BOGUS = LocalDateTime.of(1, 1, 1, 0, 0);

  /**
   * Forms dateutil reads that the project does not, each with why: the document then lacks that
   * {@code *_date} field where CKAN's has one.
   */
  private static final java.util.Map<String, String> KNOWN_GAPS =
      java.util.Map.of(
          "2014-03-05/2014-04-05",
          "dateutil reads a date range's second half as the time 20:14 and the offset -05:00;"
              + " not followed yet");

  @Test
  void everyGeneratedDateFormParsesOrIsRefusedAsDateutilDoes() {
    List<String> wrong = new ArrayList<>();
    for (DateForms.DateForm form : DateForms.ALL) {
      Optional<PyDates.Parsed> parsed = PyDates.parse(form.text(), BOGUS);
      String ours =
          parsed
              .map(
                  p ->
                      p.offset() == null
                          ? PyDates.isoformat(p.local())
                          : PyDates.isoformat(p.local().atOffset(p.offset())))
              .orElse(null);
      if (KNOWN_GAPS.containsKey(form.text())) {
        assertThat(ours).as("a known gap now parses: remove it from KNOWN_GAPS").isNull();
        continue;
      }
      if (!java.util.Objects.equals(ours, form.isoformat())) {
        wrong.add("'" + form.text() + "': dateutil " + form.isoformat() + ", ours " + ours);
      }
    }
    assertThat(wrong).isEmpty();
  }
}
