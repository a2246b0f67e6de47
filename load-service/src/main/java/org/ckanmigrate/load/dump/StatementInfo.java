package org.ckanmigrate.load.dump;

import java.util.Locale;

/**
 * What a pg_dump statement does, as far as loading needs to know: its kind, the table it concerns
 * and, for a foreign key, the table it references.
 *
 * @param setting for {@link Kind#SETTING}: the parameter name, lower case
 * @param table the table the statement creates, alters, indexes, loads or comments; or null
 * @param referenced for {@link Kind#FOREIGN_KEY}: the referenced table
 */
public record StatementInfo(
    Kind kind, String setting, QualifiedName table, QualifiedName referenced) {

  /** Kinds the loader treats differently. */
  public enum Kind {
    /** {@code SET name = value} or {@code SELECT pg_catalog.set_config(...)}: session state. */
    SETTING,
    /** {@code SET SESSION AUTHORIZATION}, {@code SET ROLE} and their RESETs. */
    SESSION_ROLE,
    /** {@code ALTER ... OWNER TO role}. */
    OWNER,
    /** {@code GRANT}, {@code REVOKE}, {@code ALTER DEFAULT PRIVILEGES}. */
    PRIVILEGE,
    /** {@code CREATE/ALTER/COMMENT ON DATABASE}: the loader makes the database itself. */
    DATABASE,
    COPY,
    CREATE_TABLE,
    /** {@code CREATE INDEX}. */
    INDEX,
    /** {@code ALTER TABLE ... ADD CONSTRAINT} other than a foreign key. */
    KEY,
    FOREIGN_KEY,
    /** {@code ALTER INDEX ... ATTACH PARTITION}. */
    INDEX_ATTACH,
    /** Any other statement tied to one table (ALTER TABLE, triggers, rules, comments, ...). */
    TABLE_OTHER,
    OTHER
  }

  public static StatementInfo classify(String sql) {
    SqlTokens t = SqlTokens.of(sql, 400);
    String w0 = t.word(0);
    switch (w0) {
      case "copy":
        return of(Kind.COPY, t, 1);
      case "set":
      case "reset":
        if (t.wordsAt(1, "session", "authorization") || t.word(1).equals("role")) {
          return new StatementInfo(Kind.SESSION_ROLE, null, null, null);
        }
        String name =
            t.word(1).equals("session") || t.word(1).equals("local") ? t.word(2) : t.word(1);
        return new StatementInfo(Kind.SETTING, name, null, null);
      case "select":
        if (t.text(1).equalsIgnoreCase("pg_catalog")
            && t.word(3).equals("set_config")
            && t.isString(5)) {
          String param = t.text(5);
          return new StatementInfo(
              Kind.SETTING,
              param.substring(1, param.length() - 1).toLowerCase(Locale.ROOT),
              null,
              null);
        }
        return new StatementInfo(Kind.OTHER, null, null, null);
      case "grant":
      case "revoke":
        {
          int on = t.indexOfWord("on", 1);
          QualifiedName table = null;
          if (on > 0 && t.word(on + 1).equals("table")) {
            SqlTokens.NameAt at = t.nameAt(on + 2);
            table = at == null ? null : at.name();
          }
          return new StatementInfo(Kind.PRIVILEGE, null, table, null);
        }
      case "comment":
        if (t.word(2).equals("database")) {
          return new StatementInfo(Kind.DATABASE, null, null, null);
        }
        if (t.word(2).equals("table")) {
          return of(Kind.TABLE_OTHER, t, 3);
        }
        if (t.word(2).equals("column")) {
          SqlTokens.NameAt at = t.nameAt(3);
          if (at != null && at.parts().size() >= 2) {
            var p = at.parts();
            QualifiedName table =
                p.size() == 2
                    ? new QualifiedName(null, p.get(0))
                    : new QualifiedName(p.get(p.size() - 3), p.get(p.size() - 2));
            return new StatementInfo(Kind.TABLE_OTHER, null, table, null);
          }
        }
        return new StatementInfo(Kind.OTHER, null, null, null);
      case "create":
        return classifyCreate(t);
      case "alter":
        return classifyAlter(t);
      default:
        return new StatementInfo(Kind.OTHER, null, null, null);
    }
  }

  private static StatementInfo classifyCreate(SqlTokens t) {
    int i = 1;
    if (t.word(i).equals("database")) {
      return new StatementInfo(Kind.DATABASE, null, null, null);
    }
    if (t.wordsAt(i, "or", "replace")) {
      i += 2;
    }
    while (Set3.MODIFIERS.contains(t.word(i))) {
      i++;
    }
    switch (t.word(i)) {
      case "table":
        {
          int n = i + 1;
          if (t.wordsAt(n, "if", "not", "exists")) {
            n += 3;
          }
          return of(Kind.CREATE_TABLE, t, n);
        }
      case "index":
        {
          int on = t.indexOfWord("on", i + 1);
          int n = on + 1;
          if (t.word(n).equals("only")) {
            n++;
          }
          return on < 0 ? new StatementInfo(Kind.OTHER, null, null, null) : of(Kind.INDEX, t, n);
        }
      case "trigger":
      case "rule":
      case "policy":
        {
          int on = t.indexOfWord("on", i + 1);
          if (on < 0) {
            return new StatementInfo(Kind.OTHER, null, null, null);
          }
          int n = on + 1;
          if (t.word(i).equals("rule")) {
            int to = t.indexOfWord("to", on);
            n = to + 1;
          }
          return of(Kind.TABLE_OTHER, t, n);
        }
      default:
        return new StatementInfo(Kind.OTHER, null, null, null);
    }
  }

  private static StatementInfo classifyAlter(SqlTokens t) {
    int last = t.size() - 1;
    if (t.text(last).equals(";")) {
      last--;
    }
    boolean owner = t.wordsAt(last - 2, "owner", "to");
    if (t.word(1).equals("database")) {
      return new StatementInfo(Kind.DATABASE, null, null, null);
    }
    if (t.wordsAt(1, "default", "privileges")) {
      return new StatementInfo(Kind.PRIVILEGE, null, null, null);
    }
    if (t.word(1).equals("index") && t.indexOfWord("attach", 2) > 0) {
      return new StatementInfo(Kind.INDEX_ATTACH, null, null, null);
    }
    if (t.word(1).equals("sequence") && t.indexOfWord("owned", 2) > 0) {
      int by = t.indexOfWord("by", t.indexOfWord("owned", 2));
      SqlTokens.NameAt at = t.nameAt(by + 1);
      if (at != null && at.parts().size() >= 2) {
        var p = at.parts();
        QualifiedName table =
            p.size() == 2
                ? new QualifiedName(null, p.get(0))
                : new QualifiedName(p.get(p.size() - 3), p.get(p.size() - 2));
        return new StatementInfo(Kind.TABLE_OTHER, null, table, null);
      }
    }
    if (!t.word(1).equals("table")) {
      return new StatementInfo(owner ? Kind.OWNER : Kind.OTHER, null, null, null);
    }
    int n = 2;
    if (t.wordsAt(n, "if", "exists")) {
      n += 2;
    }
    if (t.word(n).equals("only")) {
      n++;
    }
    SqlTokens.NameAt at = t.nameAt(n);
    if (at == null) {
      return new StatementInfo(Kind.OTHER, null, null, null);
    }
    if (owner) {
      return new StatementInfo(Kind.OWNER, null, at.name(), null);
    }
    int k = at.next();
    if (t.word(k).equals("add")) {
      int m = k + 1;
      if (t.word(m).equals("constraint")) {
        m += 2;
      }
      if (t.wordsAt(m, "foreign", "key")) {
        int ref = t.indexOfWord("references", m);
        SqlTokens.NameAt r = ref < 0 ? null : t.nameAt(ref + 1);
        return new StatementInfo(Kind.FOREIGN_KEY, null, at.name(), r == null ? null : r.name());
      }
      if (Set3.KEYS.contains(t.word(m))) {
        return new StatementInfo(Kind.KEY, null, at.name(), null);
      }
    }
    return new StatementInfo(Kind.TABLE_OTHER, null, at.name(), null);
  }

  private static StatementInfo of(Kind kind, SqlTokens t, int nameIndex) {
    SqlTokens.NameAt at = t.nameAt(nameIndex);
    return new StatementInfo(kind, null, at == null ? null : at.name(), null);
  }

  private static final class Set3 {
    static final java.util.Set<String> MODIFIERS =
        java.util.Set.of(
            "unique",
            "unlogged",
            "temporary",
            "temp",
            "foreign",
            "global",
            "local",
            "constraint",
            "concurrently");
    static final java.util.Set<String> KEYS =
        java.util.Set.of("primary", "unique", "check", "exclude");
  }
}
