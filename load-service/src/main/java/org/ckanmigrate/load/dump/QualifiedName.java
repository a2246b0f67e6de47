package org.ckanmigrate.load.dump;

import java.util.Objects;

/**
 * A possibly schema-qualified object name as the server sees it (unquoted parts already folded to
 * lower case).
 *
 * @param schema the schema, or null when the dump left it to search_path
 */
public record QualifiedName(String schema, String name) {

  public QualifiedName {
    Objects.requireNonNull(name, "name");
  }

  /**
   * Parses a name as written in a run spec or SQL: {@code tag}, {@code public.tag}, {@code
   * "MixedCase"."Some Table"}.
   */
  public static QualifiedName parse(String text) {
    SqlTokens.NameAt at = SqlTokens.of(text).nameAt(0);
    if (at == null) {
      throw new IllegalArgumentException("not a table name: " + text);
    }
    return at.name();
  }

  /** This name with {@code defaultSchema} filled in when it has no schema. */
  public QualifiedName inSchema(String defaultSchema) {
    return schema != null || defaultSchema == null ? this : new QualifiedName(defaultSchema, name);
  }

  /**
   * Whether this (resolved) name is what {@code pattern} names; a pattern without a schema matches
   * the name in any schema.
   */
  public boolean matchedBy(QualifiedName pattern) {
    return pattern.name.equals(name) && (pattern.schema == null || pattern.schema.equals(schema));
  }

  /** The name quoted for SQL. */
  public String sql() {
    return schema == null ? quote(name) : quote(schema) + "." + quote(name);
  }

  public static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  @Override
  public String toString() {
    return schema == null ? name : schema + "." + name;
  }
}
