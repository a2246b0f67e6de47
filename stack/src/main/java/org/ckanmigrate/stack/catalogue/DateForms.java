package org.ckanmigrate.stack.catalogue;

import java.util.List;

/**
 * Date texts real portals hold in {@code *_date} extras, with what CKAN's indexer makes of each:
 * {@code dateutil.parser.parse(text, default=datetime(1, 1, 1)).isoformat()}, or refused (CKAN logs
 * and skips the key). The expectations are python3-dateutil's own output; {@code
 * DateFormsOracleTest} re-checks them against the installed dateutil.
 */
public final class DateForms {

  /**
   * One form.
   *
   * @param text the extra's value
   * @param isoformat dateutil's result with default {@code datetime(1, 1, 1)}, or null when
   *     dateutil raises
   */
  public record DateForm(String text, String isoformat) {
    public boolean parses() {
      return isoformat != null;
    }
  }

  private DateForms() {}

  public static final List<DateForm> ALL =
      List.of(
          // ISO with and without time, fraction and offset
          form("2014-03-05", "2014-03-05T00:00:00"),
          form("2014-03-05T10:20:30", "2014-03-05T10:20:30"),
          form("2014-03-05T10:20:30+01:00", "2014-03-05T10:20:30+01:00"),
          form("2014-03-05T10:20:30.123456Z", "2014-03-05T10:20:30.123456+00:00"),
          form("2014-03-05 10:20:30 -0500", "2014-03-05T10:20:30-05:00"),
          // slashes and dots, month first like dateutil's default
          form("05/03/2014", "2014-05-03T00:00:00"),
          form("5.3.2014", "2014-05-03T00:00:00"),
          form("2014/03/05", "2014-03-05T00:00:00"),
          form("2014.03.05", "2014-03-05T00:00:00"),
          // month and weekday names, ordinals, AM/PM
          form("March 5, 2014", "2014-03-05T00:00:00"),
          form("5 March 2014", "2014-03-05T00:00:00"),
          form("Mar 5 2014", "2014-03-05T00:00:00"),
          form("Wednesday, 5 March 2014", "2014-03-05T00:00:00"),
          form("Wed Mar 5 10:20:30 2014", "2014-03-05T10:20:30"),
          form("Mon, 05 Mar 2014 10:20:30 GMT", "2014-03-05T10:20:30+00:00"),
          form("5th March 2014", "2014-03-05T00:00:00"),
          form("March 1st 2014", "2014-03-01T00:00:00"),
          form("22nd of June 2013", "2013-06-22T00:00:00"),
          form("March 5th, 2014 3:20 PM", "2014-03-05T15:20:00"),
          form("10am 5 March 2014", "2014-03-05T10:00:00"),
          // two-digit years
          form("05-Mar-14", "2014-03-05T00:00:00"),
          form("3/5/14", "2014-03-05T00:00:00"),
          form("14-03-05", "2005-03-14T00:00:00"),
          form("1/2/3", "2003-01-02T00:00:00"),
          // partial dates take the missing fields from the default
          form("2014", "2014-01-01T00:00:00"),
          form("March 2014", "2014-03-01T00:00:00"),
          form("Sept 2014", "2014-09-01T00:00:00"),
          form("20140305", "2014-03-05T00:00:00"),
          // a range: dateutil reads the second half as a time and an offset
          form("2014-03-05/2014-04-05", "2014-03-05T20:14:00-05:00"),
          // refused
          refused("not a date"),
          refused("2014-13-45"),
          refused("31/31/2014"),
          refused("Q1 2014"),
          refused("TBC"),
          refused(""),
          refused("2014-02-30"),
          refused("32 March 2014"),
          refused("2014-03-05T25:00:00"),
          refused("ongoing"),
          refused("circa 2014"));

  /** Keys CKAN's indexer treats as dates (they end in {@code _date}). */
  static final String[] KEYS = {"release_date", "publication_date", "last_major_modification_date"};

  private static DateForm form(String text, String isoformat) {
    return new DateForm(text, isoformat);
  }

  private static DateForm refused(String text) {
    return new DateForm(text, null);
  }
}
