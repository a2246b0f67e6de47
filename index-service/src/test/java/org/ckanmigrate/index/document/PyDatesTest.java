package org.ckanmigrate.index.document;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

/** isoformat, and the forms the issue names, through the dateutil port (the bogus default). */
class PyDatesTest {

  private static final LocalDateTime BOGUS = LocalDateTime.of(1, 1, 1, 0, 0);

  private static String parse(String s) {
    return PyDateutil.tryParse(s, BOGUS).map(p -> PyDates.isoformat(p.naive())).orElse(null);
  }

  @Test
  void isoformatOmitsZeroMicroseconds() {
    assertThat(PyDates.isoformat(LocalDateTime.of(2026, 11, 26, 12, 56, 49, 489540000)))
        .isEqualTo("2026-11-26T12:56:49.489540");
    assertThat(PyDates.isoformat(LocalDateTime.of(2026, 1, 2, 3, 4, 5)))
        .isEqualTo("2026-01-02T03:04:05");
  }

  @Test
  void isoformatPadsEveryFieldToPythonsWidth() {
    assertThat(PyDates.isoformat(LocalDateTime.of(1, 1, 1, 0, 0))).isEqualTo("0001-01-01T00:00:00");
    assertThat(PyDates.isoformat(LocalDateTime.of(987, 10, 9, 23, 59, 59, 5000)))
        .isEqualTo("0987-10-09T23:59:59.000005");
    assertThat(PyDates.isoformat(LocalDateTime.of(9999, 12, 31, 10, 0, 0, 999999000)))
        .isEqualTo("9999-12-31T10:00:00.999999");
    assertThat(PyDates.isoformat(LocalDateTime.of(2020, 1, 1, 0, 0, 0, 100000000)))
        .isEqualTo("2020-01-01T00:00:00.100000");
  }

  @Test
  void parsesIsoForms() {
    assertThat(parse("2012-03-04")).isEqualTo("2012-03-04T00:00:00");
    assertThat(parse("2012-03-04T05:06:07.5")).isEqualTo("2012-03-04T05:06:07.500000");
    assertThat(parse("2012")).isEqualTo("2012-01-01T00:00:00");
    assertThat(parse("20120304")).isEqualTo("2012-03-04T00:00:00");
    assertThat(
            PyDateutil.tryParse("2012-03-04T05:06:07+01:00", BOGUS).orElseThrow().offsetSeconds())
        .isEqualTo(3600);
  }

  @Test
  void parsesNumericMonthFirstLikeDateutil() {
    assertThat(parse("03/04/2012")).isEqualTo("2012-03-04T00:00:00");
    assertThat(parse("25/12/2012")).isEqualTo("2012-12-25T00:00:00");
  }

  @Test
  void parsesMonthNamesWithTimes() {
    assertThat(parse("4 March 2012")).isEqualTo("2012-03-04T00:00:00");
    assertThat(parse("March 4, 2012")).isEqualTo("2012-03-04T00:00:00");
    assertThat(parse("Mar 2012")).isEqualTo("2012-03-01T00:00:00");
    // The case: CKAN indexes it, the old port dropped it.
    assertThat(parse("March 3, 2020 10:00")).isEqualTo("2020-03-03T10:00:00");
    assertThat(parse("3rd of March 2020 10:30 PM")).isEqualTo("2020-03-03T22:30:00");
  }

  @Test
  void rejectsWhatDateutilRejects() {
    assertThat(parse("")).isNull();
    assertThat(parse("not a date")).isNull();
    assertThat(parse("2012-13-45")).isNull();
    assertThat(parse("25pm")).isNull(); // "13pm" is 13:00 for dateutil
  }
}
