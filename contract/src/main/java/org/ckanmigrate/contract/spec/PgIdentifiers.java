package org.ckanmigrate.contract.spec;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * PostgreSQL identifiers that come from operators (database, role, schema and table names): JDBC
 * cannot bind them, so they are validated against a strict pattern and then quoted.
 */
public final class PgIdentifiers {

  /** Longer names are silently truncated by PostgreSQL, so two long names could collide. */
  public static final int MAX_BYTES = 63;

  private static final Pattern SAFE = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

  /**
   * A database ckan-migrate creates, renames or replaces (the target and its staging and previous
   * copies): lower case, no '-', so that its derived names need no quoting anywhere (psql, CKAN's
   * sqlalchemy URL) and cannot differ from it only by case.
   */
  private static final Pattern CREATED_DATABASE = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  private PgIdentifiers() {}

  /**
   * Returns {@code name} if it is a safe identifier, else throws {@link InvalidIdentifierException}
   * naming the role the value plays ({@code what}, e.g. "target database").
   */
  public static String validate(String what, String name) {
    if (name == null || name.isEmpty()) {
      throw new InvalidIdentifierException(what + " is empty; give a name like ckan_default");
    }
    if (name.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
      throw new InvalidIdentifierException(
          what + " '" + printable(name) + "' is longer than " + MAX_BYTES + " bytes");
    }
    if (!SAFE.matcher(name).matches()) {
      throw new InvalidIdentifierException(
          what
              + " '"
              + printable(name)
              + "' may only contain letters, digits, '_' and '-', and must start with a"
              + " letter or '_'");
    }
    return name;
  }

  /**
   * Returns {@code name} if ckan-migrate may create a database of that name: the one rule the CLI,
   * the run spec check and load-service share ({@code CKAN-Prod} is refused by all of them).
   */
  public static String createdDatabase(String what, String name) {
    if (name == null || !CREATED_DATABASE.matcher(name).matches()) {
      throw new InvalidIdentifierException(
          what
              + " name must be a lower-case letter or _ followed by lower-case letters, digits or _"
              + " (at most 63), got "
              + (name == null ? "none" : "'" + printable(name) + "'"));
    }
    return name;
  }

  /** Validates, then quotes for SQL: {@code "name"}. */
  public static String quote(String what, String name) {
    return quote(validate(what, name));
  }

  /** Quotes an identifier already known to be valid (doubling any quote it holds). */
  public static String quote(String name) {
    return '"' + name.replace("\"", "\"\"") + '"';
  }

  private static String printable(String s) {
    StringBuilder out = new StringBuilder();
    s.codePoints()
        .limit(80)
        .forEach(
            cp -> {
              if (Character.isISOControl(cp)) {
                out.append(String.format("\\u%04x", cp));
              } else {
                out.appendCodePoint(cp);
              }
            });
    return out.toString();
  }

  /** An operator-supplied identifier that is unsafe or malformed. */
  public static class InvalidIdentifierException extends IllegalArgumentException {
    public InvalidIdentifierException(String message) {
      super(message);
    }
  }
}
