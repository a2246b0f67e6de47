package org.ckanmigrate.demo;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ckanmigrate.stack.catalogue.CatalogueGenerator;
import org.ckanmigrate.stack.catalogue.CatalogueStats;
import org.ckanmigrate.stack.catalogue.CkanEra;
import org.ckanmigrate.stack.postgres.PostgresServer;
import org.ckanmigrate.stack.postgres.TestDatabase;
import org.ckanmigrate.stack.solr.SolrServerProcess;
import org.ckanmigrate.stack.ssh.SshKeys;
import org.ckanmigrate.stack.ssh.SshTestServer;

/**
 * Everything a migration needs, on this machine: a throwaway PostgreSQL cluster (source, target and
 * the services' state databases), Kafka's own KRaft server on a fixed port, Solr with the CKAN
 * configset, a jump host and a source host (in-process SSH servers whose commands run locally), and
 * the four services as their own processes.
 */
final class DemoStack implements AutoCloseable {

  static final List<String> SERVICES =
      List.of("dump-service", "load-service", "schema-service", "index-service");

  final Path projectDir;
  final Path workDir;
  final PostgresServer postgres;
  final KafkaServer kafka;
  final SolrServerProcess solr;
  final SshTestServer jumpHost;
  final SshTestServer sourceHost;
  final Path clientKey;
  final Path knownHosts;
  final TestDatabase sourceDb;
  final CatalogueStats source;
  final boolean withSource;
  final int indexInstances;
  final Map<String, ServiceProcess> services = new LinkedHashMap<>();
  final Map<String, TestDatabase> stateDbs = new LinkedHashMap<>();

  /** Scrapes the services when asked for and the machine has a {@code prometheus}; else null. */
  final PrometheusProcess prometheus;

  private final List<AutoCloseable> closeables;

  private DemoStack(Builder b, PrintWriter out, List<AutoCloseable> closeables) throws Exception {
    this.closeables = closeables;
    this.projectDir = b.projectDir;
    this.workDir = Files.createDirectories(b.workDir);
    withSource = b.withSource;
    indexInstances = b.indexInstances;
    step(out, "PostgreSQL", "throwaway cluster from the local binaries");
    postgres = PostgresServer.shared();
    if (withSource) {
      step(
          out,
          "Source catalogue",
          b.datasets
              + " datasets, CKAN 2.2 era, seed "
              + b.seed
              + (b.spatial ? ", ckanext-spatial (PostGIS, topology, tiger geocoder)" : ""));
      sourceDb = closing(postgres.createDatabase("ckan_source"));
      source = generate(b, sourceDb);
    } else {
      sourceDb = null;
      source = null;
    }
    step(
        out,
        "Kafka",
        "KRaft server on localhost:"
            + b.kafkaPort
            + (b.authenticate ? " (SASL/SCRAM logins, ACLs; passwords in kafka/secrets)" : ""));
    kafka = closing(KafkaServer.start(workDir, b.kafkaPort, b.authenticate));
    if (withSource) {
      step(out, "Solr", "CKAN configset");
      // The index phase is bound by Solr's CPU: the default JIT and GC (not the tests' fast-start
      // C1-only, serial-GC options, which cost about twice the CPU per document) and room for
      // the indexing buffer.
      solr =
          closing(
              SolrServerProcess.builder()
                  .builtinCore("ckan", "ckan")
                  .heap("1g")
                  .jvmOptions()
                  .start());
      step(out, "SSH", "a jump host and the source host (in-process MINA SSHD)");
      KeyPair client = SshKeys.generate();
      clientKey = SshKeys.writePrivateKey(client, workDir.resolve("ssh").resolve("id_demo"));
      jumpHost =
          closing(SshTestServer.builder().authorizedKey(client.getPublic()).forwarding().start());
      SshTestServer.Builder source =
          SshTestServer.builder()
              .authorizedKey(client.getPublic())
              .environment(postgres.libpqEnv());
      if (b.sourceBytesPerSecond > 0) {
        source.throttle(b.sourceBytesPerSecond);
      }
      sourceHost = closing(source.start());
      knownHosts = workDir.resolve("ssh").resolve("known_hosts");
      jumpHost.writeKnownHosts(knownHosts);
      sourceHost.writeKnownHosts(knownHosts);
    } else {
      solr = null;
      jumpHost = null;
      sourceHost = null;
      clientKey = null;
      knownHosts = null;
    }
    Map<String, Map<String, String>> settings = new LinkedHashMap<>();
    for (String service : SERVICES) {
      TestDatabase state = closing(postgres.createDatabase(service.replace('-', '_') + "_state"));
      stateDbs.put(service, state);
      Map<String, String> props = new LinkedHashMap<>();
      props.put("spring.datasource.url", state.jdbcUrl());
      props.put("spring.datasource.username", postgres.superuser());
      props.put("spring.kafka.bootstrap-servers", kafka.bootstrapServers());
      if (kafka.auth() != null) {
        props.put("ckan-migrate.kafka.sasl.username", KafkaServer.Auth.SERVICES);
        props.put("ckan-migrate.kafka.sasl.password-file", kafka.auth().services().toString());
      }
      props.put("ckan-migrate.phase.lease", b.lease);
      props.put("ckan-migrate.phase.heartbeat", "2s");
      props.put("ckan-migrate.phase.recovery-interval", "2s");
      // The demo's dumps live in its work directory (DemoSpec's artifact-dir): the only root.
      props.put(
          "ckan-migrate." + service.replace("-service", "") + ".artifact-roots",
          workDir.resolve("artifacts").toString());
      if (service.equals("schema-service")) {
        props.put(
            "ckan-migrate.schema.upgrade-commands." + DemoMain.STAND_IN_NAME,
            DemoMain.standInTemplate());
      }
      props.putAll(b.serviceProperties.getOrDefault(service, Map.of()));
      settings.put(service, props);
    }
    Map<String, ClassDataSharing> classData = classData(b, settings, out);
    step(
        out,
        "Services",
        String.join(", ", SERVICES)
            + (b.indexInstances > 1 ? " (" + b.indexInstances + " index-service instances)" : ""));
    int port = b.firstServicePort;
    for (String service : SERVICES) {
      // More index-service instances share the first one's state database and consumer group:
      // that is how the index phase scales out (the work topic's partitions cap the consumers).
      int instances = service.equals("index-service") ? b.indexInstances : 1;
      for (int i = 1; i <= instances; i++) {
        String name = i == 1 ? service : service + "-" + i;
        services.put(
            name,
            closing(
                ServiceProcess.start(
                    projectDir,
                    service,
                    name,
                    classData.get(service),
                    port++,
                    settings.get(service),
                    environment(b, service),
                    workDir.resolve("logs"))));
      }
    }
    for (ServiceProcess s : services.values()) {
      s.awaitHealthy(Duration.ofMinutes(3));
      if (classData.containsKey(serviceOf(s.name()))
          && classData.get(serviceOf(s.name())).trained()
          && !s.usesClassData()) {
        out.printf(
            "    %s started without its class data archive, only slower (see %s)%n",
            s.name(), s.log());
      }
    }
    prometheus = b.prometheusPort > 0 ? startPrometheus(b, out) : null;
  }

  /**
   * Generates the source catalogue, then vacuums it, as a long-lived portal's tables would be: left
   * to autovacuum, the fresh tables of 50,000 datasets were vacuumed and analyzed inside the
   * measured phases when they followed the generation closely (docs/benchmarks/end-to-end.md).
   */
  private static CatalogueStats generate(Builder b, TestDatabase sourceDb) throws SQLException {
    try (Connection c = sourceDb.connect()) {
      CatalogueStats stats =
          CatalogueGenerator.builder()
              .era(CkanEra.V2_2)
              .datasets(b.datasets)
              .seed(b.seed)
              .spatial(b.spatial)
              .build()
              .generate(c);
      c.setAutoCommit(true);
      try (Statement s = c.createStatement()) {
        s.execute("VACUUM (ANALYZE)");
      }
      return stats;
    }
  }

  /**
   * Each service's extracted jar and class data archive ({@link ClassDataSharing}), with a training
   * start, all at once, of the services that have no archive yet; empty when the demo is told not
   * to use them. A training start that fails costs nothing but time: its service starts without an
   * archive, and a real problem (say, a bad setting) shows in the real start.
   */
  private Map<String, ClassDataSharing> classData(
      Builder b, Map<String, Map<String, String>> settings, PrintWriter out) throws IOException {
    Map<String, ClassDataSharing> classData = new LinkedHashMap<>();
    if (!b.classDataSharing) {
      return classData;
    }
    for (String service : SERVICES) {
      classData.put(service, ClassDataSharing.of(ServiceProcess.jar(projectDir, service)));
    }
    List<String> untrained = SERVICES.stream().filter(s -> !classData.get(s).trained()).toList();
    if (untrained.isEmpty()) {
      return classData;
    }
    step(
        out,
        "Class data",
        "one training start of "
            + String.join(", ", untrained)
            + " (archives kept in <service>/target/cds: later starts take about half the time)");
    Map<String, ChildProcess> training = new LinkedHashMap<>();
    Map<String, Path> staged = new LinkedHashMap<>();
    for (String service : untrained) {
      staged.put(service, classData.get(service).stagingArchive());
      training.put(
          service,
          closing(
              ServiceProcess.train(
                  service,
                  classData.get(service),
                  staged.get(service),
                  settings.get(service),
                  environment(b, service),
                  workDir.resolve("logs"))));
    }
    for (String service : untrained) {
      ChildProcess p = training.get(service);
      try {
        p.awaitSuccess(Duration.ofMinutes(3));
        if (!classData.get(service).publish(staged.get(service))) {
          out.printf(
              "    %s: no archive written; it starts without one (see %s)%n", service, p.log());
        }
      } catch (IllegalStateException e) {
        Files.deleteIfExists(staged.get(service));
        out.printf(
            "    %s: training start failed; it starts without an archive (see %s)%n",
            service, p.log());
      }
    }
    return classData;
  }

  /** The service an instance name belongs to ({@code index-service-2} → {@code index-service}). */
  private static String serviceOf(String instance) {
    return SERVICES.stream().filter(instance::startsWith).findFirst().orElse(instance);
  }

  private PrometheusProcess startPrometheus(Builder b, PrintWriter out) throws IOException {
    var binary = PrometheusProcess.binary();
    if (binary.isEmpty()) {
      step(out, "Prometheus", "not installed (apt-get install prometheus): skipped");
      return null;
    }
    step(out, "Prometheus", "on 127.0.0.1:" + b.prometheusPort + ", alert rules of compose");
    Map<String, String> targets = new LinkedHashMap<>();
    services.forEach((name, s) -> targets.put(name, s.baseUrl()));
    return closing(
        PrometheusProcess.start(
            binary.get(), projectDir, workDir, b.prometheusPort, b.scrapeInterval, targets));
  }

  private static void step(PrintWriter out, String what, String detail) {
    out.printf("  starting %-17s %s%n", what, detail);
    out.flush();
  }

  private Map<String, String> environment(Builder b, String service) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("CKAN_MIGRATE_STATE_DB_PASSWORD", postgres.password());
    env.putAll(b.serviceEnvironment.getOrDefault(service, Map.of()));
    return env;
  }

  private <T extends AutoCloseable> T closing(T resource) {
    closeables.add(resource);
    return resource;
  }

  String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  /** How the operator's CLI reaches this stack's Kafka: its login when the broker authenticates. */
  org.ckanmigrate.client.KafkaAccess operatorAccess() {
    return kafka.auth() == null
        ? org.ckanmigrate.client.KafkaAccess.plain(kafka.bootstrapServers())
        : kafka.auth().operator(kafka.bootstrapServers());
  }

  /** The CLI's options for this stack's Kafka: {@code --kafka} and, with logins, its user. */
  java.util.List<String> cliKafkaOptions() {
    var access = operatorAccess();
    java.util.List<String> options =
        new java.util.ArrayList<>(java.util.List.of("--kafka", access.bootstrapServers()));
    if (access.authenticates()) {
      options.addAll(
          java.util.List.of(
              "--kafka-user",
              access.username(),
              "--kafka-password-file",
              access.passwordFile().toString()));
    }
    return options;
  }

  /** The broker's users and their password files; null when it does not authenticate. */
  KafkaServer.Auth kafkaAuth() {
    return kafka.auth();
  }

  /** Restarts a service process that was killed, with the same settings. */
  ServiceProcess service(String name) {
    return services.get(name);
  }

  Connection connect(String database) throws SQLException {
    return postgres.connect(database);
  }

  @Override
  public void close() {
    close(closeables);
  }

  private static void close(List<AutoCloseable> closeables) {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      try {
        closeables.get(i).close();
      } catch (Exception e) {
        // keep closing the rest
      }
    }
  }

  static Builder builder(Path projectDir, Path workDir) {
    return new Builder(projectDir, workDir);
  }

  static final class Builder {
    final Path projectDir;
    final Path workDir;
    int datasets = 2_000;
    long seed = 42;
    int kafkaPort = 19092;
    int firstServicePort = 18081;
    long sourceBytesPerSecond;
    boolean withSource = true;
    boolean spatial;
    boolean authenticate;
    boolean classDataSharing = true;
    String lease = "20s";
    int prometheusPort;
    int indexInstances = 1;
    Duration scrapeInterval = Duration.ofSeconds(5);
    final Map<String, Map<String, String>> serviceProperties = new LinkedHashMap<>();
    final Map<String, Map<String, String>> serviceEnvironment = new LinkedHashMap<>();

    Builder(Path projectDir, Path workDir) {
      this.projectDir = projectDir;
      // The run spec and the services' settings carry paths under it to other processes.
      this.workDir = workDir.toAbsolutePath().normalize();
    }

    /**
     * Whether the broker requires SASL/SCRAM logins and enforces ACLs (the services and the CLI log
     * in with generated passwords kept in files).
     */
    Builder authenticate(boolean authenticate) {
      this.authenticate = authenticate;
      return this;
    }

    /**
     * Whether the services start from their extracted jars with class data archives, training the
     * missing ones first ({@link ClassDataSharing}; default true).
     */
    Builder classDataSharing(boolean classDataSharing) {
      this.classDataSharing = classDataSharing;
      return this;
    }

    Builder datasets(int datasets) {
      this.datasets = datasets;
      return this;
    }

    /** How long a killed service's job stays owned before another start resumes it. */
    Builder lease(String lease) {
      this.lease = lease;
      return this;
    }

    /**
     * Whether the source is a ckanext-spatial portal's database (PostGIS and its siblings, {@code
     * package_extent}, spatial extras, user-added SRIDs); needs PostGIS on this machine.
     */
    Builder spatial(boolean spatial) {
      this.spatial = spatial;
      return this;
    }

    Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    Builder kafkaPort(int port) {
      this.kafkaPort = port;
      return this;
    }

    Builder firstServicePort(int port) {
      this.firstServicePort = port;
      return this;
    }

    /**
     * Only the embedded Kafka, the state databases and the services: for a real migration with the
     * operator's own spec (source, target and Solr are theirs).
     */
    Builder servicesOnly() {
      this.withSource = false;
      return this;
    }

    /** Slows the source host's output, e.g. to kill a service mid-dump in a test. */
    Builder throttleSource(long bytesPerSecond) {
      this.sourceBytesPerSecond = bytesPerSecond;
      return this;
    }

    /**
     * Also starts a Prometheus on this port scraping every service (if the machine has one; the
     * stack starts without it otherwise).
     */
    Builder prometheus(int port, Duration scrapeInterval) {
      this.prometheusPort = port;
      this.scrapeInterval = scrapeInterval;
      return this;
    }

    /** How many index-service processes to run (default 1); they share one consumer group. */
    Builder indexInstances(int instances) {
      if (instances < 1 || instances > 8) {
        throw new IllegalArgumentException(
            "index instances must be 1 to 8 (the work topic's partitions), not " + instances);
      }
      this.indexInstances = instances;
      return this;
    }

    /**
     * An environment variable of {@code service}'s process, e.g. {@code JAVA_TOOL_OPTIONS} with a
     * test's crash point.
     */
    Builder serviceEnvironment(String service, String key, String value) {
      serviceEnvironment.computeIfAbsent(service, s -> new LinkedHashMap<>()).put(key, value);
      return this;
    }

    Builder serviceProperty(String service, String key, String value) {
      serviceProperties.computeIfAbsent(service, s -> new LinkedHashMap<>()).put(key, value);
      return this;
    }

    /** Starts everything; what had started is stopped again when a later part fails. */
    DemoStack start(PrintWriter out) throws Exception {
      List<AutoCloseable> closeables = new ArrayList<>();
      try {
        return new DemoStack(this, out, closeables);
      } catch (Exception | Error e) {
        close(closeables);
        throw e;
      }
    }
  }

  static Path projectDir() throws IOException {
    String configured = System.getProperty("ckan.project.dir");
    if (configured != null) {
      return Path.of(configured).toAbsolutePath();
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.exists(p.resolve("mvnw")) && Files.isDirectory(p.resolve("dump-service"))) {
        return p;
      }
    }
    throw new IOException("Run the demo from the ckan-migrate checkout (no mvnw found above here)");
  }
}
