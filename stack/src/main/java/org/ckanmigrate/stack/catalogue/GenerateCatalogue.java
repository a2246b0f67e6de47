package org.ckanmigrate.stack.catalogue;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Command line for benchmarks and the demo: generates a catalogue into an empty database.
 *
 * <pre>
 * GenerateCatalogue --era 2.2 --datasets 50000 --seed 1 \
 *     --jdbc-url jdbc:postgresql://localhost:5432/ckan_source [--user postgres]
 *     [--private 0.1] [--draft 0.03] [--deleted 0.05] [--without-org 0.05] [--harvested 0.15]
 *     [--organizations N] [--groups N] [--users N] [--harvest-sources N] [--alembic-version REV]
 *     [--without SHAPE]... [--empty-share F] [--spatial]
 * </pre>
 *
 * The password comes only from the environment variable {@value #PASSWORD_ENV} (never a
 * command-line argument, which other users of the machine could read).
 */
public final class GenerateCatalogue {

  static final String PASSWORD_ENV = "CKAN_CATALOGUE_DB_PASSWORD";

  private GenerateCatalogue() {}

  public static void main(String[] args) {
    int code = run(args, System.getenv(PASSWORD_ENV), System.out, System.err);
    if (code != 0) {
      System.exit(code);
    }
  }

  /** Runs the command; returns the process exit code (0 ok, 1 failed, 2 bad arguments). */
  static int run(String[] args, String password, PrintStream out, PrintStream err) {
    CatalogueGenerator.Builder builder = CatalogueGenerator.builder();
    String jdbcUrl = null;
    String user = "postgres";
    Shapes shapes = Shapes.all();
    try {
      for (int i = 0; i < args.length; i++) {
        String flag = args[i];
        if (flag.equals("--help") || flag.equals("-h")) {
          out.println(usage());
          return 0;
        }
        if (flag.equals("--spatial")) {
          builder.spatial(true);
          continue;
        }
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("Missing value after " + flag);
        }
        String value = args[++i];
        switch (flag) {
          case "--era" -> builder.era(CkanEra.parse(value));
          case "--datasets" -> builder.datasets(Integer.parseInt(value));
          case "--seed" -> builder.seed(Long.parseLong(value));
          case "--jdbc-url" -> jdbcUrl = value;
          case "--user" -> user = value;
          case "--private" -> builder.privateFraction(Double.parseDouble(value));
          case "--draft" -> builder.draftFraction(Double.parseDouble(value));
          case "--deleted" -> builder.deletedFraction(Double.parseDouble(value));
          case "--without-org" -> builder.withoutOrganizationFraction(Double.parseDouble(value));
          case "--harvested" -> builder.harvestedFraction(Double.parseDouble(value));
          case "--organizations" -> builder.organizations(Integer.parseInt(value));
          case "--groups" -> builder.groups(Integer.parseInt(value));
          case "--users" -> builder.users(Integer.parseInt(value));
          case "--harvest-sources" -> builder.harvestSources(Integer.parseInt(value));
          case "--alembic-version" -> builder.alembicVersion(value);
          case "--without" -> shapes = shapes.without(Shape.parse(value));
          case "--empty-share" -> shapes = shapes.withEmptyShare(Double.parseDouble(value));
          default -> throw new IllegalArgumentException("Unknown option " + flag);
        }
      }
      if (jdbcUrl == null) {
        throw new IllegalArgumentException("--jdbc-url is required");
      }
      if (jdbcUrl.contains("password=")) {
        throw new IllegalArgumentException(
            "Do not put the password in --jdbc-url; set " + PASSWORD_ENV + " instead");
      }
      CatalogueGenerator generator = builder.shapes(shapes).build();
      Properties props = new Properties();
      props.setProperty("user", user);
      if (password != null && !password.isEmpty()) {
        props.setProperty("password", password);
      }
      try (Connection connection = DriverManager.getConnection(jdbcUrl, props)) {
        CatalogueStats stats = generator.generate(connection);
        out.println(stats);
        out.println("rows per table: " + stats.rowsPerTable());
        out.println("content sha256: " + stats.contentSha256());
      }
      return 0;
    } catch (IllegalArgumentException e) {
      err.println("GenerateCatalogue: " + e.getMessage());
      err.println(usage());
      return 2;
    } catch (SQLException | RuntimeException e) {
      err.println(
          "GenerateCatalogue failed against "
              + stripQuery(jdbcUrl)
              + ": "
              + e.getMessage()
              + " (check that the database exists, is empty and that "
              + PASSWORD_ENV
              + " is set if the server needs a password)");
      return 1;
    }
  }

  private static String stripQuery(String url) {
    if (url == null) {
      return "(no url)";
    }
    int q = url.indexOf('?');
    return q < 0 ? url : url.substring(0, q);
  }

  static String usage() {
    return "usage: GenerateCatalogue --era 2.2|2.9|2.10 --jdbc-url URL [--datasets N] [--seed S]"
        + " [--user NAME] [--private F] [--draft F] [--deleted F] [--without-org F]"
        + " [--harvested F] [--organizations N] [--groups N] [--users N] [--harvest-sources N]"
        + " [--alembic-version REV] [--spatial] [--without SHAPE]... [--empty-share F] (SHAPE: "
        + java.util.Arrays.stream(Shape.values())
            .map(Shape::label)
            .collect(java.util.stream.Collectors.joining(", "))
        + "); password from $"
        + PASSWORD_ENV;
  }
}
