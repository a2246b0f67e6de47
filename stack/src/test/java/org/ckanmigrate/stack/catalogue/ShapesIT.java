package org.ckanmigrate.stack.catalogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.ckanmigrate.stack.postgres.PostgresServer;
import org.ckanmigrate.stack.postgres.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The database a generated catalogue lands in really holds each {@link Shape} in its share. */
class ShapesIT {

  private static final int DATASETS = 4_000;

  private static final List<String> PACKAGE_BLANKS =
      List.of(
          "version", "url", "author", "author_email", "maintainer", "maintainer_email", "notes");

  @ParameterizedTest
  @EnumSource(CkanEra.class)
  void everyShapeIsInTheCatalogueInItsShare(CkanEra era) throws Exception {
    try (TestDatabase db = PostgresServer.shared().createDatabase("shapes");
        Connection c = db.connect()) {
      CatalogueGenerator.builder().era(era).datasets(DATASETS).seed(7).build().generate(c);

      for (String column : PACKAGE_BLANKS) {
        double share =
            fraction(
                c,
                "SELECT count(*) FILTER (WHERE "
                    + column
                    + " = '')::float / count(*) FROM package"
                    + " WHERE type = 'dataset' AND ("
                    + column
                    + " IS NULL OR "
                    + column
                    + " = '')");
        assertThat(share)
            .as("share of '' among blank package.%s", column)
            .isCloseTo(0.5, within(0.06));
      }
      double resourceNames =
          fraction(
              c,
              "SELECT count(*) FILTER (WHERE name = '')::float / count(*) FROM resource"
                  + " WHERE name IS NULL OR name = ''");
      assertThat(resourceNames)
          .as("share of '' among blank resource names")
          .isCloseTo(0.5, within(0.08));
      assertThat(count(c, "SELECT count(*) FROM resource WHERE format = '' OR description = ''"))
          .isPositive();

      long emptyKeys = count(c, "SELECT count(*) FROM package_extra WHERE key = ''");
      long emptyValues = count(c, "SELECT count(*) FROM package_extra WHERE value = ''");
      assertThat(emptyKeys).isBetween(DATASETS / 100L, DATASETS * 3 / 100L);
      assertThat(emptyValues).isBetween(DATASETS / 100L, DATASETS * 4 / 100L);

      String odd = oddCharacterPattern();
      assertThat(count(c, "SELECT count(*) FROM package WHERE title ~ '" + odd + "'"))
          .as("titles with odd characters")
          .isBetween(DATASETS / 100L, DATASETS * 6 / 100L);
      assertThat(count(c, "SELECT count(*) FROM package WHERE notes ~ '" + odd + "'")).isPositive();
      assertThat(count(c, "SELECT count(*) FROM package_extra WHERE value ~ '" + odd + "'"))
          .isPositive();
      assertThat(count(c, "SELECT count(*) FROM resource WHERE name ~ '" + odd + "'")).isPositive();
      assertThat(count(c, "SELECT count(*) FROM resource WHERE description ~ '" + odd + "'"))
          .isPositive();
      // non-BMP characters arrive whole (four UTF-8 bytes, one character)
      assertThat(count(c, "SELECT count(*) FROM package WHERE title ~ '[\\U00010000-\\U0010FFFF]'"))
          .isPositive();

      assertThat(
              count(
                  c,
                  "SELECT count(*) FROM package_extra WHERE octet_length(value) > 32766"
                      + " AND char_length(value) < 32766"))
          .as("extras over the term limit in bytes only")
          .isPositive();
      assertThat(
              count(
                  c,
                  "SELECT count(*) FROM package_extra WHERE octet_length(value) > 32766"
                      + " AND value !~ '\\s'"))
          .as("one unbroken token over the term limit")
          .isPositive();

      List<String> dates = strings(c, "SELECT value FROM package_extra WHERE key LIKE '%\\_date'");
      Set<String> forms =
          DateForms.ALL.stream().map(DateForms.DateForm::text).collect(Collectors.toSet());
      assertThat(forms).containsAll(dates);
      assertThat((double) dates.size() / DATASETS).isCloseTo(Shapes.DATE_SHARE, within(0.03));
      Set<String> seen = new HashSet<>(dates);
      assertThat(DateForms.ALL.stream().filter(f -> seen.contains(f.text())).map(f -> f.parses()))
          .as("dates dateutil reads and dates it refuses")
          .contains(true, false);
    }
  }

  @Test
  void withoutAShapeTheCatalogueHoldsNoneOfItAndTheRestIsUnchanged() throws Exception {
    PostgresServer server = PostgresServer.shared();
    try (TestDatabase all = server.createDatabase("allshapes");
        TestDatabase noDates = server.createDatabase("nodates");
        TestDatabase tidy = server.createDatabase("tidy");
        Connection a = all.connect();
        Connection n = noDates.connect();
        Connection t = tidy.connect()) {
      generator(Shapes.all()).generate(a);
      generator(Shapes.all().without(Shape.ODD_DATES)).generate(n);
      generator(Shapes.none()).generate(t);

      String dates = "SELECT count(*) FROM package_extra WHERE key LIKE '%\\_date'";
      assertThat(count(a, dates)).isPositive();
      assertThat(count(n, dates)).isZero();
      // shapes draw from their own stream: the other shapes land where they did
      String blanks =
          "SELECT string_agg(coalesce(version, '<null>'), ',' ORDER BY id) FROM package";
      assertThat(strings(n, blanks)).isEqualTo(strings(a, blanks));

      for (String column : PACKAGE_BLANKS) {
        assertThat(
                count(
                    t,
                    "SELECT count(*) FROM package WHERE type = 'dataset' AND " + column + " = ''"))
            .as(column)
            .isZero();
      }
      assertThat(
              count(
                  t,
                  "SELECT count(*) FROM package_extra e JOIN package p ON p.id = e.package_id"
                      + " WHERE p.type = 'dataset' AND (e.key = '' OR e.value = '')"))
          .isZero();
      assertThat(
              count(
                  t,
                  "SELECT count(*) FROM package WHERE title ~"
                      + " '(\\uFFFD|\\u200B|\\u2028|\\u2029|\\uFEFF|\\u00AD|&#xD800;)'"))
          .as("characters only the odd-characters shape writes")
          .isZero();
    }
  }

  @Test
  void commandLineTurnsAShapeOffByName() throws Exception {
    PostgresServer server = PostgresServer.shared();
    try (TestDatabase db = server.createDatabase("cliwithout")) {
      int code =
          GenerateCatalogue.run(
              new String[] {
                "--era",
                "2.2",
                "--datasets",
                "400",
                "--jdbc-url",
                db.jdbcUrl(),
                "--user",
                server.superuser(),
                "--without",
                "empty-strings"
              },
              server.password(),
              new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
              System.err);
      assertThat(code).isZero();
      try (Connection c = db.connect()) {
        assertThat(count(c, "SELECT count(*) FROM package WHERE author = '' OR version = ''"))
            .isZero();
        assertThat(count(c, "SELECT count(*) FROM package_extra WHERE key = ''")).isPositive();
      }
    }
    assertThatThrownBy(() -> Shape.parse("tidy"))
        .hasMessageContaining("empty-strings")
        .hasMessageContaining("odd-dates");
  }

  private static CatalogueGenerator generator(Shapes shapes) {
    return CatalogueGenerator.builder()
        .era(CkanEra.V2_9)
        .datasets(1_500)
        .seed(11)
        .shapes(shapes)
        .build();
  }

  /** A POSIX regex matching any of the odd characters {@link Shapes#ODD} adds. */
  private static String oddCharacterPattern() {
    return "(\\x0b|\\x01|\\x1f|\\uFFFD|\\\\ud800|&#xD800;|\\uFEFF|\\u200B|\\u2028|\\u2029|\\u00AD"
        + "|[\\U00010000-\\U0010FFFF])";
  }

  private static double fraction(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getDouble(1);
    }
  }

  private static long count(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static List<String> strings(Connection c, String sql) throws SQLException {
    List<String> out = new java.util.ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }
}
