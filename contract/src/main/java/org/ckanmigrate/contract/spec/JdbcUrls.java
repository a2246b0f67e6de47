package org.ckanmigrate.contract.spec;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** PostgreSQL JDBC URLs as the run spec gives them: a server URL, and a database on that server. */
public final class JdbcUrls {

  private static final Pattern URL = Pattern.compile("(jdbc:postgresql://[^/?]+)(/[^?]*)?(\\?.*)?");

  private JdbcUrls() {}

  /**
   * The URL of {@code database} on the server of {@code serverUrl}, keeping its parameters: {@code
   * jdbc:postgresql://db:5432/postgres?ssl=true} and {@code ckan} give {@code
   * jdbc:postgresql://db:5432/ckan?ssl=true}.
   */
  public static String forDatabase(String serverUrl, String database) {
    Matcher m = URL.matcher(serverUrl == null ? "" : serverUrl);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "Not a PostgreSQL JDBC URL (expected jdbc:postgresql://host:port/db)");
    }
    return m.group(1) + "/" + database + (m.group(3) == null ? "" : m.group(3));
  }

  /** The JDBC URL of the target spec's database. */
  public static String target(TargetSpec target) {
    return forDatabase(target.jdbcUrl(), target.database());
  }
}
