package org.ckanmigrate.load.dump;

import java.io.Closeable;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ckanmigrate.contract.event.ErrorCode;
import org.ckanmigrate.load.LoadFailedException;

/**
 * Walks a dump with a {@link DumpPolicy}: every item comes with its classification, the policy's
 * decision, the table it concerns (schema resolved) and the session settings in force at that
 * point, which a parallel worker replays before running the item on its own connection.
 */
public final class DumpWalker implements Closeable {

  /**
   * One decided item.
   *
   * @param table the table concerned, schema resolved; or null
   * @param settings the SET statements in force (dump order), to replay on another connection
   */
  public record Step(
      DumpItem item,
      StatementInfo info,
      DumpPolicy.Decision decision,
      QualifiedName table,
      List<String> settings) {}

  private final DumpReader reader;
  private final DumpPolicy policy;
  private final Map<String, String> settings = new LinkedHashMap<>();
  private List<String> settingsSnapshot = List.of();
  private String searchPathSchema;
  private String connectedDatabase;

  public DumpWalker(DumpReader reader, DumpPolicy policy) {
    this.reader = reader;
    this.policy = policy;
  }

  public DumpReader reader() {
    return reader;
  }

  /** The next decided item, or null at the end. */
  public Step next() throws IOException {
    DumpItem item = reader.next();
    if (item == null) {
      return null;
    }
    if (item instanceof DumpItem.MetaCommand meta) {
      return new Step(item, null, metaDecision(meta), null, settingsSnapshot);
    }
    String sql = item instanceof DumpItem.Statement s ? s.sql() : ((DumpItem.CopyStart) item).sql();
    TocEntry toc =
        item instanceof DumpItem.Statement s ? s.toc() : ((DumpItem.CopyStart) item).toc();
    StatementInfo info = StatementInfo.classify(sql);
    String defaultSchema =
        toc != null && toc.schema() != null && !toc.schema().equals("-")
            ? toc.schema()
            : searchPathSchema;
    DumpPolicy.Decision decision = policy.decide(sql, info, defaultSchema);
    if (info.kind() == StatementInfo.Kind.SETTING && decision.execute()) {
      settings.put(info.setting(), sql);
      settingsSnapshot = List.copyOf(settings.values());
      if ("search_path".equals(info.setting())) {
        searchPathSchema = firstSchema(sql);
      }
    }
    QualifiedName table = info.table() == null ? null : info.table().inSchema(defaultSchema);
    return new Step(item, info, decision, table, settingsSnapshot);
  }

  private DumpPolicy.Decision metaDecision(DumpItem.MetaCommand meta) {
    if (meta.command().equals("connect")) {
      String db = databaseOf(meta.argument());
      if (connectedDatabase != null && !connectedDatabase.equals(db)) {
        throw new LoadFailedException(
            ErrorCode.UNSUPPORTED_DUMP,
            "line "
                + meta.line()
                + " connects to a second database ("
                + db
                + " after "
                + connectedDatabase
                + "): the file holds several databases (pg_dumpall?); dump one database");
      }
      connectedDatabase = db;
      return new DumpPolicy.Decision(null, "\\connect: the loader connects to its own database");
    }
    return new DumpPolicy.Decision(null, "\\" + meta.command() + " is for psql only");
  }

  /** The database named by {@code \connect}'s argument (plain, quoted or as a conninfo). */
  static String databaseOf(String argument) {
    String a = argument.strip();
    if (a.startsWith("-reuse-previous=on")) {
      a = a.substring("-reuse-previous=on".length()).strip();
    }
    if (a.startsWith("\"")) {
      int end = a.indexOf('"', 1);
      a = end > 0 ? a.substring(1, end) : a.substring(1);
    } else {
      int sp = a.indexOf(' ');
      a = sp > 0 ? a.substring(0, sp) : a;
    }
    if (a.startsWith("dbname=")) {
      a = a.substring("dbname=".length()).replace("'", "");
    }
    return a;
  }

  /** First schema of a {@code SET search_path} / set_config value; null when empty. */
  static String firstSchema(String sql) {
    String value;
    int cfg = sql.indexOf("set_config(");
    if (cfg >= 0) {
      int q1 = sql.indexOf('\'', sql.indexOf(',', cfg));
      int q2 = sql.indexOf('\'', q1 + 1);
      value = q1 < 0 || q2 < 0 ? "" : sql.substring(q1 + 1, q2);
    } else {
      value = sql.replaceAll("(?is)^\\s*set\\s+search_path\\s*(=|to)\\s*", "");
      value = value.replaceAll(";\\s*$", "");
    }
    String first = value.split(",")[0].strip().replace("'", "");
    if (first.isEmpty()) {
      return null;
    }
    return first.startsWith("\"") ? first.replace("\"", "") : first.toLowerCase();
  }

  @Override
  public void close() throws IOException {
    reader.close();
  }
}
