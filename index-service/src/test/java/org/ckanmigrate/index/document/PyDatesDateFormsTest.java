package org.ckanmigrate.index.document;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.ckanmigrate.stack.catalogue.DateForms;
import org.junit.jupiter.api.Test;

/**
 * The date forms the catalogue generator writes into {@code *_date} extras, each read as
 * python3-dateutil reads it with CKAN's default {@code datetime(1, 1, 1)} (the expectations in
 * {@link DateForms}, re-checked against dateutil by test-support's DateFormsOracleTest).
 */
class PyDatesDateFormsTest {
  // Every form, the date range included (dateutil reads "2014-03-05/2014-04-05" as 20:14 at
  // -05:00, and so does the port): no known gaps.

  private static final LocalDateTime BOGUS = LocalDateTime.of(1, 1, 1, 0, 0);

  @Test
  void everyGeneratedDateFormParsesOrIsRefusedAsDateutilDoes() {
    List<String> wrong = new ArrayList<>();
    for (DateForms.DateForm form : DateForms.ALL) {
      String ours =
          PyDateutil.tryParse(form.text(), BOGUS)
              .map(
                  r ->
                      r.offsetSeconds() == null
                          ? PyDates.isoformat(r.naive())
                          : PyDates.isoformat(
                              r.naive().atOffset(ZoneOffset.ofTotalSeconds(r.offsetSeconds()))))
              .orElse(null);
      if (!java.util.Objects.equals(ours, form.isoformat())) {
        wrong.add("'" + form.text() + "': dateutil " + form.isoformat() + ", ours " + ours);
      }
    }
    assertThat(wrong).isEmpty();
  }
}
