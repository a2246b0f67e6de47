package org.ckanmigrate.dump.ssh;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.ckanmigrate.contract.event.ErrorCode;
import org.ckanmigrate.contract.spec.SourceSpec;
import org.ckanmigrate.dump.DumpFailedException;
import org.ckanmigrate.ssh.RemoteShell;

/**
 * The command run on the source host, built only from validated tokens, each single-quoted for the
 * remote shell (the exec request is parsed by the remote user's login shell, whatever it is).
 *
 * <p>Why no remote pipe at all (no {@code pg_dump | gzip}, so no {@code bash -o pipefail -c}): the
 * exit status the client sees is then pg_dump's own, whatever shell the remote account has (dash
 * rejects {@code set -o pipefail}); and the plain SQL must be read here anyway to count COPY rows,
 * check the completion trailer and cut one gzip member per table, which remote compression would
 * prevent. The price is more bytes on the wire, which a LAN carries faster than gzip can compress.
 */
public final class PgDumpCommand {

  /** Database and role names: a plain identifier, at most 63 bytes (PostgreSQL truncates more). */
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]{0,62}");

  private static final Pattern PG_DUMP_PATH = Pattern.compile("(/[A-Za-z0-9_.+-]+)*/?pg_dump");
  private static final Pattern PG_HOST = Pattern.compile("[A-Za-z0-9_/][A-Za-z0-9_.:/-]{0,254}");
  private static final Pattern OPTION_VALUE = Pattern.compile("[A-Za-z0-9_.*?-]{1,200}");

  /** Default pg_dump options: no privileges ({@code -x}), no ownership ({@code -O}). */
  public static final List<String> DEFAULT_OPTIONS = List.of("-x", "-O");

  private static final Set<String> FLAGS =
      Set.of(
          "-x",
          "-O",
          "--no-privileges",
          "--no-acl",
          "--no-owner",
          "--no-comments",
          "--no-publications",
          "--no-subscriptions",
          "--no-tablespaces",
          "--no-security-labels",
          "--no-unlogged-table-data",
          "--no-toast-compression",
          "--no-table-access-method",
          "--quote-all-identifiers",
          "--serializable-deferrable",
          "--enable-row-security");

  /** Options that take a value, accepted as {@code --name=value} or (short) as two tokens. */
  private static final Set<String> VALUED =
      Set.of(
          "--exclude-table",
          "--exclude-table-data",
          "--table",
          "--schema",
          "--exclude-schema",
          "--lock-wait-timeout",
          "--encoding",
          "--extra-float-digits");

  private static final Set<String> SHORT_VALUED = Set.of("-t", "-T", "-n", "-N");

  private final List<String> tokens;
  private final List<String> identifierQuery;

  private PgDumpCommand(List<String> tokens, List<String> identifierQuery) {
    this.tokens = List.copyOf(tokens);
    this.identifierQuery = List.copyOf(identifierQuery);
  }

  /**
   * Validates every user-supplied token of the source spec and builds the command.
   *
   * @throws DumpFailedException {@link ErrorCode#INVALID_IDENTIFIER} naming the bad token
   */
  public static PgDumpCommand of(SourceSpec spec) throws DumpFailedException {
    List<String> tokens = new ArrayList<>();
    String pgDump = spec.pgDumpPath() == null ? "pg_dump" : spec.pgDumpPath();
    require(PG_DUMP_PATH, pgDump, "pgDumpPath", "an absolute path ending in /pg_dump");
    tokens.add(pgDump);
    tokens.addAll(options(spec.pgDumpOptions()));
    // Plain format to stdout; never prompt for a password (stdin is not a terminal: it would hang).
    tokens.add("--format=plain");
    tokens.add("--no-password");
    List<String> connection = new ArrayList<>();
    if (spec.pgHost() != null) {
      require(PG_HOST, spec.pgHost(), "pgHost", "a host name, address or socket directory");
      connection.add("--host=" + spec.pgHost());
    }
    if (spec.pgPort() != null) {
      if (spec.pgPort() < 1 || spec.pgPort() > 65535) {
        throw invalid("pgPort", String.valueOf(spec.pgPort()), "a port number 1-65535");
      }
      connection.add("--port=" + spec.pgPort());
    }
    if (spec.pgUser() != null) {
      require(NAME, spec.pgUser(), "pgUser", "a plain role name");
      connection.add("--username=" + spec.pgUser());
    }
    validateDatabase(spec.database());
    tokens.addAll(connection);
    // After "--" the name cannot be read as an option; NAME also excludes '=' and "://", so libpq
    // cannot read it as a connection string either.
    tokens.add("--");
    tokens.add(spec.database());
    List<String> query = new ArrayList<>();
    query.add(pgDump.substring(0, pgDump.length() - "pg_dump".length()) + "psql");
    query.addAll(List.of("-X", "-A", "-t", "--no-password", "-c", SYSTEM_IDENTIFIER_SQL));
    query.addAll(connection);
    query.add("--");
    query.add(spec.database());
    return new PgDumpCommand(tokens, query);
  }

  private static final String SYSTEM_IDENTIFIER_SQL =
      "SELECT system_identifier FROM pg_control_system()";

  /**
   * A psql command beside pg_dump printing the source server's system identifier, which lets the
   * loader refuse to load into the very server it dumped. Same validated connection tokens.
   */
  public String systemIdentifierCommandLine() {
    return RemoteShell.commandLine(identifierQuery);
  }

  /** Checks a database name; the same rule makes it safe as a file name. */
  public static void validateDatabase(String database) throws DumpFailedException {
    require(
        NAME,
        database,
        "database",
        "a plain name: a letter or '_', then letters, digits, '_' or '-', at most 63");
  }

  private static List<String> options(List<String> given) throws DumpFailedException {
    List<String> options = given == null ? DEFAULT_OPTIONS : given;
    List<String> out = new ArrayList<>();
    for (int i = 0; i < options.size(); i++) {
      String option = options.get(i);
      if (option == null) {
        throw invalid("pgDumpOptions", "null", "no null entries");
      }
      if (FLAGS.contains(option)) {
        out.add(option);
      } else if (SHORT_VALUED.contains(option) && i + 1 < options.size()) {
        String value = options.get(++i);
        require(OPTION_VALUE, value, "value of " + option, "a table or schema pattern");
        out.add(option);
        out.add(value);
      } else if (option.startsWith("--") && option.contains("=")) {
        String name = option.substring(0, option.indexOf('='));
        String value = option.substring(option.indexOf('=') + 1);
        if (!VALUED.contains(name)) {
          throw unsupportedOption(option);
        }
        require(
            OPTION_VALUE, value, "value of " + name, "letters, digits, '_', '.', '*', '?', '-'");
        out.add(option);
      } else {
        throw unsupportedOption(option);
      }
    }
    return out;
  }

  private static DumpFailedException unsupportedOption(String option) {
    String allowed =
        FLAGS.stream().sorted().collect(Collectors.joining(", "))
            + ", "
            + VALUED.stream().sorted().map(v -> v + "=...").collect(Collectors.joining(", "))
            + ", -t/-T/-n/-N <pattern>";
    return new DumpFailedException(
        ErrorCode.INVALID_IDENTIFIER,
        "pg_dump option '"
            + printable(option)
            + "' is not accepted (the output must stay a plain dump on stdout). Allowed: "
            + allowed);
  }

  private static void require(Pattern pattern, String value, String what, String expected)
      throws DumpFailedException {
    if (value == null || !pattern.matcher(value).matches()) {
      throw invalid(what, value, expected);
    }
  }

  private static DumpFailedException invalid(String what, String value, String expected) {
    return new DumpFailedException(
        ErrorCode.INVALID_IDENTIFIER,
        what + " '" + printable(value) + "' is not acceptable: expected " + expected);
  }

  /** Shows a rejected value without control characters, shortened. */
  private static String printable(String value) {
    if (value == null) {
      return "null";
    }
    String clean = value.replaceAll("\\p{Cntrl}", "?");
    return clean.length() > 80 ? clean.substring(0, 80) + "..." : clean;
  }

  public List<String> tokens() {
    return tokens;
  }

  /** The command line for the remote shell: every token single-quoted. */
  public String commandLine() {
    return RemoteShell.commandLine(tokens);
  }

  /** POSIX single quoting: nothing inside is special except the quote itself. */
  static String quote(String token) {
    return RemoteShell.quote(token);
  }

  @Override
  public String toString() {
    return commandLine();
  }
}
