package org.ckanmigrate.solrserver;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Command-line options of {@link SolrServerMain}. */
record ServerOptions(
    String host, int port, Path home, Map<String, ConfigsetRef> cores, boolean exitOnStdinClose) {

  static final String USAGE =
      """
      Usage: java -jar solr-server.jar [options] --core NAME=CONFIGSET [--core NAME=CONFIGSET ...]
        --host HOST            address to bind (default 127.0.0.1; 0.0.0.0 in a container)
        --port PORT            port to listen on (default 8983; 0 picks a free port)
        --home DIR             solr home to build and keep (default: a temp dir deleted at exit);
                               cores already in DIR keep their data, their conf is refreshed
        --core NAME=CONFIGSET  a core and its configset: a directory holding conf/solrconfig.xml
                               (or solrconfig.xml itself), or builtin:tiny / builtin:ckan
        --exit-on-stdin-close  stop when standard input closes (the parent process died)
      Prints 'SOLR READY <base url>' when every core is loaded.
      """;

  private static final Pattern CORE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

  ServerOptions {
    cores = Map.copyOf(cores);
  }

  static ServerOptions parse(String... args) {
    String host = "127.0.0.1";
    int port = 8983;
    Path home = null;
    Map<String, ConfigsetRef> cores = new LinkedHashMap<>();
    boolean exitOnStdinClose = false;
    List<String> rest = new ArrayList<>(List.of(args));
    while (!rest.isEmpty()) {
      String arg = rest.remove(0);
      switch (arg) {
        case "--host" -> host = value(arg, rest);
        case "--port" -> port = port(value(arg, rest));
        case "--home" -> home = Path.of(value(arg, rest));
        case "--core" -> {
          String spec = value(arg, rest);
          int eq = spec.indexOf('=');
          if (eq <= 0 || eq == spec.length() - 1) {
            throw new UsageException(
                "--core needs NAME=CONFIGSET, e.g. --core ckan=builtin:ckan; got '" + spec + "'");
          }
          String name = spec.substring(0, eq);
          if (!CORE_NAME.matcher(name).matches()) {
            throw new UsageException(
                "core name '" + name + "' is not valid: use letters, digits, '_', '.', '-'");
          }
          if (cores.put(name, ConfigsetRef.parse(spec.substring(eq + 1))) != null) {
            throw new UsageException("core '" + name + "' is given twice");
          }
        }
        case "--exit-on-stdin-close" -> exitOnStdinClose = true;
        default -> throw new UsageException("unknown option '" + arg + "'");
      }
    }
    if (cores.isEmpty()) {
      throw new UsageException("no core given: add at least one --core NAME=CONFIGSET");
    }
    return new ServerOptions(host, port, home, cores, exitOnStdinClose);
  }

  private static String value(String option, List<String> rest) {
    if (rest.isEmpty() || rest.get(0).startsWith("--")) {
      throw new UsageException(option + " needs a value");
    }
    return rest.remove(0);
  }

  private static int port(String value) {
    try {
      int port = Integer.parseInt(value);
      if (port < 0 || port > 65535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new UsageException("--port must be a number from 0 to 65535; got '" + value + "'");
    }
  }

  /** A wrong command line; the message says what to change. */
  static final class UsageException extends RuntimeException {
    UsageException(String message) {
      super(message);
    }
  }
}
