package org.ckanmigrate.demo;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.ckanmigrate.cli.CkanMigrateCli;
import org.ckanmigrate.cli.ExitCodes;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ckan-migrate demo}: a complete migration on this machine, through the four services, with
 * embedded Kafka, Solr, PostgreSQL and SSH servers — then where to look, then a clean shutdown.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a whole CKAN migration on this machine: a generated CKAN 2.2-era source behind an SSH",
      "server and a jump host, Kafka, Solr, PostgreSQL and the four services, then the CLI's",
      "run with its progress and summary."
    })
public final class DemoMain implements Callable<Integer> {

  /** What the demo runs in place of the operator's CKAN upgrade command (CKAN is not here). */
  static final String UPGRADE_STAND_IN = "org.ckanmigrate.stack.ckan.FakeCkan";

  @Option(
      names = "--datasets",
      defaultValue = "2000",
      description = "Datasets in the source catalogue (default: ${DEFAULT-VALUE}).")
  int datasets;

  @Option(names = "--seed", defaultValue = "42", description = "Seed of the generated catalogue.")
  long seed;

  @Option(
      names = "--work-dir",
      description = "Where artifacts, logs and keys go (default: a new temp dir).")
  Path workDir;

  @Option(
      names = "--kafka-port",
      defaultValue = "19092",
      description = "Fixed local port of the embedded Kafka (default: ${DEFAULT-VALUE}).")
  int kafkaPort;

  @Option(
      names = "--spec",
      description =
          "Run a real migration with this run spec instead of the generated one: starts only the"
              + " embedded Kafka, the services' state databases and the four services.")
  Path spec;

  @Option(
      names = "--start-phase",
      defaultValue = "dump",
      description = "With --spec: the first phase (default: ${DEFAULT-VALUE}).")
  String startPhase;

  @Option(
      names = "--prometheus-port",
      defaultValue = "19090",
      description =
          "Local port of the Prometheus the demo starts when one is installed; 0 starts none"
              + " (default: ${DEFAULT-VALUE}).")
  int prometheusPort;

  @Option(
      names = "--index-instances",
      defaultValue = "1",
      description =
          "index-service processes to run; they share the reindex work (default:"
              + " ${DEFAULT-VALUE}; on two cores a second one adds little, see docs/benchmarks).")
  int indexInstances;

  @Option(
      names = "--spatial",
      description =
          "Make the source a ckanext-spatial portal's database: PostGIS with topology and the"
              + " tiger geocoder, package_extent, spatial extras (needs PostGIS installed, Debian:"
              + " postgresql-15-postgis-3).")
  boolean spatial;

  @Option(
      names = "--no-kafka-auth",
      description =
          "Run Kafka without logins and ACLs (default: SASL/SCRAM logins with generated passwords"
              + " in the work dir's kafka/secrets, and ACLs: only the services and the operator's"
              + " CLI user can start a run).")
  boolean noKafkaAuth;

  @Option(
      names = "--no-class-data-sharing",
      description =
          "Start the services from their Boot jars (default: each from its extracted jar with a"
              + " class data archive, made by one training start on first use and kept in"
              + " <service>/target/cds; later starts take about half the time).")
  boolean noClassDataSharing;

  @Option(
      names = "--keep-running",
      description = "Leave everything up after the run until Enter is pressed.")
  boolean keepRunning;

  public static void main(String[] args) {
    System.exit(new CommandLine(new DemoMain()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = new PrintWriter(System.out, true);
    // Absolute: the run spec hands these paths to services with working directories of their own.
    Path work =
        (workDir != null ? workDir : Files.createTempDirectory("ckan-migrate-demo"))
            .toAbsolutePath()
            .normalize();
    if (spec != null) {
      return runOwnSpec(out, work);
    }
    out.println("ckan-migrate demo: a whole migration on this machine (work dir " + work + ")");
    out.println(
        "Note: CKAN itself is not installed here, so the CKAN upgrade step runs a stand-in ("
            + UPGRADE_STAND_IN
            + ") that applies the schema changes and harvest-source packages CKAN's"
            + " `db upgrade` would; in a real run that command is yours (ckan-migrate.schema.upgrade-commands).");
    try (DemoStack stack =
        DemoStack.builder(DemoStack.projectDir(), work)
            .datasets(datasets)
            .seed(seed)
            .spatial(spatial)
            .kafkaPort(kafkaPort)
            .authenticate(!noKafkaAuth)
            .classDataSharing(!noClassDataSharing)
            .prometheus(prometheusPort, Duration.ofSeconds(5))
            .indexInstances(indexInstances)
            .start(out)) {
      Path spec = DemoSpec.write(stack, work);
      out.println("Run spec: " + spec);
      out.println();
      int code =
          CkanMigrateCli.execute(cli(stack, "run", spec.toString(), "--progress-every", "PT5S"));
      out.println();
      out.println("Where to look:");
      out.println(
          "  Solr:     " + stack.solr.coreUrl("ckan") + "/select?q=*:*&fq=site_id:default&rows=5");
      printServices(out, stack);
      out.println("  Work dir: " + work + " (artifact, manifest, keys, logs)");
      if (keepRunning) {
        out.println("Everything stays up; press Enter to shut down.");
        System.in.read();
      }
      out.println(
          code == ExitCodes.OK
              ? "Demo finished: all verifications passed."
              : "Demo FAILED (exit " + code + ").");
      out.println("Shutting down.");
      return code;
    }
  }

  /**
   * The same one-machine stack around the operator's own spec: a real migration, embedded Kafka.
   */
  private int runOwnSpec(PrintWriter out, Path work) throws Exception {
    out.println(
        "ckan-migrate on one machine with your run spec " + spec + " (work dir " + work + ")");
    // A bad spec starts nothing, not even the servers.
    var loaded = new org.ckanmigrate.cli.spec.RunSpecFile().load(spec, startPhase);
    if (!loaded.ok()) {
      out.println("The run spec " + spec + " has " + loaded.problems().size() + " problem(s):");
      loaded.problems().forEach(p -> out.println("  " + p.key() + ": " + p.message()));
      out.println("Nothing was started.");
      return ExitCodes.USAGE;
    }
    try (DemoStack stack =
        DemoStack.builder(DemoStack.projectDir(), work)
            .servicesOnly()
            .kafkaPort(kafkaPort)
            .authenticate(!noKafkaAuth)
            .classDataSharing(!noClassDataSharing)
            .prometheus(prometheusPort, Duration.ofSeconds(5))
            .indexInstances(indexInstances)
            .start(out)) {
      int code =
          CkanMigrateCli.execute(
              cli(
                  stack,
                  "run",
                  spec.toString(),
                  "--start-phase",
                  startPhase,
                  "--progress-every",
                  "PT10S"));
      printServices(out, stack);
      if (keepRunning) {
        out.println("Everything stays up; press Enter to shut down.");
        System.in.read();
      }
      return code;
    }
  }

  /** A CLI command line for this stack: its Kafka and, when the broker authenticates, a login. */
  private static String[] cli(DemoStack stack, String... command) {
    List<String> args = new java.util.ArrayList<>(List.of(command));
    args.addAll(stack.cliKafkaOptions());
    return args.toArray(String[]::new);
  }

  private static void printServices(PrintWriter out, DemoStack stack) {
    out.printf(
        "  %-16s ckan-migrate status|list|resume ... %s%n",
        "CLI:", String.join(" ", stack.cliKafkaOptions()));
    for (var s : stack.services.values()) {
      out.printf(
          "  %-16s %s/actuator/prometheus  (log %s)%n", s.name() + ":", s.baseUrl(), s.log());
    }
    if (stack.prometheus != null) {
      out.printf(
          "  %-16s %s/graph  (alerts: %s/alerts; the queries of docker/grafana's dashboard work"
              + " here)%n",
          "Prometheus:", stack.prometheus.url(), stack.prometheus.url());
    }
  }

  /** The name schema-service knows the stand-in by; the spec names it, never sends a command. */
  static final String STAND_IN_NAME = "demo-stand-in";

  /** The stand-in's template, registered on schema-service as {@link #STAND_IN_NAME}. */
  static String standInTemplate() {
    return String.join(" ", upgradeCommand()) + " --head=85 -c {ini} db upgrade";
  }

  static List<String> upgradeCommand() {
    return List.of(
        ChildProcess.java(), "-cp", System.getProperty("java.class.path"), UPGRADE_STAND_IN);
  }
}
