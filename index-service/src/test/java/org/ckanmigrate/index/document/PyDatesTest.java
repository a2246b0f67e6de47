package org.ckanmigrate.index.document;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class PyDatesTest {

  private static final LocalDateTime BOGUS = LocalDateTime.of(1, 1, 1, 0, 0);

  private static String parse(String s) {
    return PyDates.parse(s, BOGUS).map(p -> PyDates.isoformat(p.local())).orElse(null);
  }

  @Test
  void isoformatOmitsZeroMicroseconds() {
    assertThat(PyDates.isoformat(LocalDateTime.of(2026, 11, 26, 12, 56, 49, 489540000)))
        .isEqualTo("2026-11-26T12:56:49.489540");
    assertThat(PyDates.isoformat(LocalDateTime.of(2026, 1, 2, 3, 4, 5)))
        .isEqualTo("2026-01-02T03:04:05");
  }

  @Test
  void parsesIsoForms() {
    assertThat(parse("2012-03-04")).isEqualTo("2012-03-04T00:00:00");
    assertThat(parse("2012-03-04T05:06:07.5")).isEqualTo("2012-03-04T05:06:07.500000");
    assertThat(parse("2012")).isEqualTo("2012-01-01T00:00:00");
    assertThat(parse("20120304")).isEqualTo("2012-03-04T00:00:00");
    assertThat(PyDates.parse("2012-03-04T05:06:07+01:00", BOGUS).orElseThrow().offset())
        .isEqualTo(ZoneOffset.ofHours(1));
  }

  @Test
  void parsesNumericMonthFirstLikeDateutil() {
    assertThat(parse("03/04/2012")).isEqualTo("2012-03-04T00:00:00");
    assertThat(parse("25/12/2012")).isEqualTo("2012-12-25T00:00:00");
  }

  @Test
  void parsesMonthNames() {
    assertThat(parse("4 March 2012")).isEqualTo("2012-03-04T00:00:00");
    assertThat(parse("March 4, 2012")).isEqualTo("2012-03-04T00:00:00");
    assertThat(parse("Mar 2012")).isEqualTo("2012-03-01T00:00:00");
  }

  @Test
  void rejectsWhatDateutilRejects() {
    assertThat(parse("")).isNull();
    assertThat(parse("not a date")).isNull();
    assertThat(parse("2012-13-45")).isNull();
  }
}
