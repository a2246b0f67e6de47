package org.ckanmigrate.load.dump;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ckanmigrate.contract.event.ErrorCode;
import org.ckanmigrate.load.LoadFailedException;

/**
 * What of a dump is applied to the target: ownership and privilege statements (skipped by default,
 * as {@code pg_dump -O -x} would; or owners mapped to one target role; or kept as dumped), and the
 * run spec's table filters (excluded tables lose schema and data, schema-only tables lose their
 * data).
 */
public final class DumpPolicy {

  /** How {@code OWNER TO}, {@code SET SESSION AUTHORIZATION} and {@code SET ROLE} are treated. */
  public enum Ownership {
    /** Skipped: the loading role owns everything (pg_dump -O). */
    SKIP,
    /** {@code OWNER TO} rewritten to the target role; session role switches skipped. */
    MAP,
    /** Applied as dumped; the roles must exist on the target. */
    KEEP
  }

  /** The outcome for one statement: the SQL to run, or null with the reason it is skipped. */
  public record Decision(String sql, String skipReason) {
    public boolean execute() {
      return sql != null;
    }

    static Decision run(String sql) {
      return new Decision(sql, null);
    }

    static Decision skip(String reason) {
      return new Decision(null, reason);
    }
  }

  private static final Pattern OWNER_TO =
      Pattern.compile("(?is)^(.*\\bOWNER\\s+TO\\s+)(\"(?:[^\"]|\"\")+\"|[^\\s;]+)(\\s*;?\\s*)$");
  private static final Pattern ROLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]{0,62}");

  private final Ownership ownership;
  // Read by the one thread that walks the dump; reported once the walk has ended.
  private final Map<String, Integer> owners = new java.util.LinkedHashMap<>();
  private final String ownerRole;
  private final boolean keepPrivileges;
  private final List<QualifiedName> exclude;
  private final List<QualifiedName> schemaOnly;

  public DumpPolicy(
      Ownership ownership,
      String ownerRole,
      boolean keepPrivileges,
      List<String> excludeTables,
      List<String> schemaOnlyTables) {
    this.ownership = ownership;
    if (ownership == Ownership.MAP
        && (ownerRole == null || !ROLE_NAME.matcher(ownerRole).matches())) {
      throw new LoadFailedException(
          ErrorCode.INVALID_REQUEST,
          "owner mapping needs a valid role name (letters, digits, _; at most 63), got "
              + (ownerRole == null ? "none" : "'" + ownerRole + "'"));
    }
    this.ownerRole = ownerRole;
    this.keepPrivileges = keepPrivileges;
    this.exclude = parse(excludeTables, "excluded");
    this.schemaOnly = parse(schemaOnlyTables, "schema-only");
  }

  /** Default policy: skip ownership and privileges, load every table. */
  public static DumpPolicy defaults() {
    return new DumpPolicy(Ownership.SKIP, null, false, List.of(), List.of());
  }

  private static List<QualifiedName> parse(List<String> names, String what) {
    if (names == null) {
      return List.of();
    }
    return names.stream()
        .map(
            n -> {
              try {
                return QualifiedName.parse(n);
              } catch (IllegalArgumentException e) {
                throw new LoadFailedException(
                    ErrorCode.INVALID_REQUEST, "the " + what + " table '" + n + "' is not a name");
              }
            })
        .toList();
  }

  public boolean excluded(QualifiedName resolved) {
    return resolved != null && exclude.stream().anyMatch(resolved::matchedBy);
  }

  /** Whether the table's data is skipped (excluded or schema-only). */
  public boolean dataSkipped(QualifiedName resolved) {
    return excluded(resolved) || schemaOnly.stream().anyMatch(resolved::matchedBy);
  }

  /**
   * Decides one statement.
   *
   * @param defaultSchema the schema unqualified names resolve to at this point of the dump
   */
  public Decision decide(String sql, StatementInfo info, String defaultSchema) {
    QualifiedName table = info.table() == null ? null : info.table().inSchema(defaultSchema);
    QualifiedName referenced =
        info.referenced() == null ? null : info.referenced().inSchema(defaultSchema);
    if (excluded(table)) {
      return Decision.skip("table " + table + " is excluded");
    }
    if (info.kind() == StatementInfo.Kind.FOREIGN_KEY && excluded(referenced)) {
      return Decision.skip("references excluded table " + referenced);
    }
    switch (info.kind()) {
      case COPY:
        return dataSkipped(table)
            ? Decision.skip("data of " + table + " skipped")
            : Decision.run(sql);
      case DATABASE:
        return Decision.skip("database-level statement; the loader creates the database");
      case PRIVILEGE:
        return keepPrivileges ? Decision.run(sql) : Decision.skip("privileges skipped");
      case SESSION_ROLE:
        return ownership == Ownership.KEEP
            ? Decision.run(sql)
            : Decision.skip("session role switch skipped");
      case OWNER:
        countOwner(sql);
        return switch (ownership) {
          case SKIP -> Decision.skip("ownership skipped");
          case KEEP -> Decision.run(sql);
          case MAP -> Decision.run(mapOwner(sql));
        };
      case SETTING:
        if ("client_encoding".equals(info.setting())) {
          String value = sql.replaceAll("(?is)^.*?(=|\\bto\\b)\\s*", "").replaceAll("[';\\s]", "");
          String v = value.toUpperCase(Locale.ROOT).replace("-", "");
          if (!v.equals("UTF8") && !v.equals("UNICODE")) {
            throw new LoadFailedException(
                ErrorCode.UNSUPPORTED_DUMP,
                "the dump is in client encoding "
                    + value
                    + "; the loader reads UTF-8 only: dump with pg_dump -E UTF8");
          }
          return Decision.skip("the connection is already UTF8");
        }
        return Decision.run(sql);
      default:
        return Decision.run(sql);
    }
  }

  /**
   * The dump's {@code OWNER TO} statements read so far, per role they name (in order of first
   * appearance), whatever the policy did with them.
   */
  public Map<String, Integer> ownerStatements() {
    return java.util.Collections.unmodifiableMap(owners);
  }

  public Ownership ownership() {
    return ownership;
  }

  /** The role {@code OWNER TO} is mapped to with {@link Ownership#MAP}, else null. */
  public String ownerRole() {
    return ownerRole;
  }

  private void countOwner(String sql) {
    Matcher m = OWNER_TO.matcher(sql);
    if (m.matches()) {
      String role = m.group(2);
      if (role.startsWith("\"")) {
        role = role.substring(1, role.length() - 1).replace("\"\"", "\"");
      }
      owners.merge(role, 1, Integer::sum);
    }
  }

  private String mapOwner(String sql) {
    Matcher m = OWNER_TO.matcher(sql);
    if (!m.matches()) {
      return sql;
    }
    return m.group(1) + QualifiedName.quote(ownerRole) + m.group(3);
  }
}
