package org.ckanmigrate.demo;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Kafka's own KRaft server (broker and controller in one process) on a fixed local port: what the
 * one-machine mode runs instead of a Kafka cluster. Started from this JVM's class path, which holds
 * {@code kafka_2.13}.
 *
 * <p>With {@link Auth}, clients must log in with SASL/SCRAM-SHA-512 and the StandardAuthorizer
 * decides what each principal may do ({@link #grant}): the broker's own user {@code admin} is a
 * super user; the services' user may use every {@code ckan-migrate.*} topic and any group; the
 * operator's CLI user may read those topics and write the events topic (so it replays dead letters
 * of events, not of the work topic); any other principal, or a client without a login, may do
 * nothing. The passwords are generated, kept in files readable only by their owner, and never on a
 * command line: the storage is formatted with its SCRAM users in this JVM. The controller listener
 * is PLAINTEXT on loopback, for the broker's own use.
 */
final class KafkaServer implements AutoCloseable {

  /** The users of a broker that authenticates, and the files holding their passwords. */
  record Auth(Path admin, Path services, Path operator) {
    static final String ADMIN = "admin";
    static final String SERVICES = "ckan-migrate-services";
    static final String OPERATOR = "ckan-migrate-operator";

    /** Generates the three passwords into files under {@code dir} (owner-only). */
    static Auth generate(Path dir) throws IOException {
      Files.createDirectories(dir);
      return new Auth(secret(dir, ADMIN), secret(dir, SERVICES), secret(dir, OPERATOR));
    }

    private static Path secret(Path dir, String user) throws IOException {
      Path file = dir.resolve(user + ".password");
      if (!Files.exists(file)) {
        byte[] random = new byte[24];
        new java.security.SecureRandom().nextBytes(random);
        Files.createFile(
            file,
            java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        Files.writeString(
            file, java.util.HexFormat.of().formatHex(random)); // hex: safe in JAAS quoting
      }
      return file;
    }

    org.ckanmigrate.client.KafkaAccess services(String bootstrap) {
      return new org.ckanmigrate.client.KafkaAccess(bootstrap, SERVICES, services, null);
    }

    org.ckanmigrate.client.KafkaAccess operator(String bootstrap) {
      return new org.ckanmigrate.client.KafkaAccess(bootstrap, OPERATOR, operator, null);
    }

    org.ckanmigrate.client.KafkaAccess admin(String bootstrap) {
      return new org.ckanmigrate.client.KafkaAccess(bootstrap, ADMIN, admin, null);
    }
  }

  private ChildProcess process;
  private final int port;
  private final Path dir;
  private final Path config;
  private final Auth auth;

  private KafkaServer(ChildProcess process, int port, Path dir, Path config, Auth auth) {
    this.process = process;
    this.port = port;
    this.dir = dir;
    this.config = config;
    this.auth = auth;
  }

  static KafkaServer start(Path workDir, int port) throws IOException {
    return start(workDir, port, false);
  }

  /** With {@code authenticate}, SASL/SCRAM logins and ACLs (see the class comment). */
  static KafkaServer start(Path workDir, int port, boolean authenticate) throws IOException {
    for (int p : new int[] {port, port + 1}) { // the broker's port and its controller's
      if (listening(p)) {
        throw new IllegalStateException(
            "Port "
                + p
                + " is in use (Kafka needs "
                + port
                + " and "
                + (port + 1)
                + "): stop whatever listens there (a Kafka from an earlier demo?)"
                + " or pass --kafka-port");
      }
    }
    Path dir = Files.createDirectories(workDir.resolve("kafka"));
    Path logs = dir.resolve("data");
    Path config = dir.resolve("server.properties");
    Auth auth = authenticate ? Auth.generate(dir.resolve("secrets")) : null;
    String client = auth == null ? "PLAINTEXT" : "SASL_PLAINTEXT";
    List<String> security = new java.util.ArrayList<>();
    if (auth != null) {
      security.addAll(
          List.of(
              "sasl.enabled.mechanisms=SCRAM-SHA-512",
              "sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512",
              "inter.broker.listener.name=SASL_PLAINTEXT",
              "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
              // ANONYMOUS: the broker's own requests on the loopback controller listener.
              "super.users=User:" + Auth.ADMIN + ";User:ANONYMOUS",
              "allow.everyone.if.no.acl.found=false",
              // The broker's own login; the file is owner-only, like the password files.
              "listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config="
                  + org.ckanmigrate.client.KafkaAccess.sasl(
                          Auth.ADMIN,
                          org.ckanmigrate.client.KafkaAccess.readPassword(auth.admin(), "admin"),
                          "SCRAM-SHA-512")
                      .get("sasl.jaas.config")));
    }
    Files.deleteIfExists(config);
    Files.createFile(
        config,
        java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
            java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
    Files.writeString(
        config,
        String.join(
            "\n",
            "process.roles=broker,controller",
            "node.id=1",
            "controller.quorum.voters=1@localhost:" + (port + 1),
            "listeners="
                + client
                + "://localhost:"
                + port
                + ",CONTROLLER://localhost:"
                + (port + 1),
            "advertised.listeners=" + client + "://localhost:" + port,
            "controller.listener.names=CONTROLLER",
            "listener.security.protocol.map=" + client + ":" + client + ",CONTROLLER:PLAINTEXT",
            String.join("\n", security),
            "log.dirs=" + logs,
            "num.partitions=3",
            "offsets.topic.replication.factor=1",
            "transaction.state.log.replication.factor=1",
            "transaction.state.log.min.isr=1",
            "group.initial.rebalance.delay.ms=0",
            "auto.create.topics.enable=true",
            ""));
    String classpath = System.getProperty("java.class.path");
    if (auth != null && !Files.exists(logs.resolve("meta.properties"))) {
      format(logs, auth);
    } else if (!Files.exists(logs.resolve("meta.properties"))) {
      ChildProcess format =
          ChildProcess.start(
              "kafka-format",
              List.of(
                  ChildProcess.java(),
                  "-cp",
                  classpath,
                  "kafka.tools.StorageTool",
                  "format",
                  "-t",
                  org.apache.kafka.common.Uuid.randomUuid().toString(),
                  "-c",
                  config.toString()),
              Map.of(),
              dir.resolve("format.log"));
      format.awaitSuccess(Duration.ofSeconds(60));
    }
    KafkaServer server =
        new KafkaServer(serve(dir, config, port, "kafka.log"), port, dir, config, auth);
    if (auth != null) {
      server.grant();
    }
    return server;
  }

  // In this JVM, so the SCRAM users' passwords are on no command line.
  private static void format(Path logs, Auth auth) throws IOException {
    List<String> scram = new java.util.ArrayList<>();
    for (var user :
        Map.of(
                Auth.ADMIN,
                auth.admin(),
                Auth.SERVICES,
                auth.services(),
                Auth.OPERATOR,
                auth.operator())
            .entrySet()) {
      scram.add(
          "SCRAM-SHA-512=[name="
              + user.getKey()
              + ",password="
              + org.ckanmigrate.client.KafkaAccess.readPassword(user.getValue(), user.getKey())
              + "]");
    }
    try {
      new org.apache.kafka.metadata.storage.Formatter()
          .setPrintStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
          .setClusterId(org.apache.kafka.common.Uuid.randomUuid().toString())
          .setNodeId(1)
          .setControllerListenerName("CONTROLLER")
          .setMetadataLogDirectory(logs.toString())
          .setDirectories(List.of(logs.toString()))
          .setSupportedFeatures(org.apache.kafka.server.common.Feature.PRODUCTION_FEATURES)
          .setReleaseVersion(org.apache.kafka.server.common.MetadataVersion.LATEST_PRODUCTION)
          .setScramArguments(scram)
          .run();
    } catch (Exception e) {
      throw new IOException(
          "Could not format Kafka's storage in " + logs + ": " + e.getMessage(), e);
    }
  }

  /**
   * The ACLs: the services' user may do anything with the {@code ckan-migrate.*} topics and groups;
   * the operator's may read them (events, progress, dead letters) and write the events topic.
   */
  private void grant() throws IOException {
    var topics =
        new org.apache.kafka.common.resource.ResourcePattern(
            org.apache.kafka.common.resource.ResourceType.TOPIC,
            "ckan-migrate.",
            org.apache.kafka.common.resource.PatternType.PREFIXED);
    var groups =
        new org.apache.kafka.common.resource.ResourcePattern(
            org.apache.kafka.common.resource.ResourceType.GROUP,
            "*", // the services' groups are named after them (dump-service, ...)
            org.apache.kafka.common.resource.PatternType.LITERAL);
    var events =
        new org.apache.kafka.common.resource.ResourcePattern(
            org.apache.kafka.common.resource.ResourceType.TOPIC,
            org.ckanmigrate.contract.event.Topics.EVENTS,
            org.apache.kafka.common.resource.PatternType.LITERAL);
    String services = "User:" + Auth.SERVICES;
    String operator = "User:" + Auth.OPERATOR;
    List<org.apache.kafka.common.acl.AclBinding> acls =
        List.of(
            allow(topics, services, org.apache.kafka.common.acl.AclOperation.ALL),
            allow(groups, services, org.apache.kafka.common.acl.AclOperation.ALL),
            allow(topics, operator, org.apache.kafka.common.acl.AclOperation.READ),
            allow(topics, operator, org.apache.kafka.common.acl.AclOperation.DESCRIBE),
            allow(events, operator, org.apache.kafka.common.acl.AclOperation.WRITE));
    try (var admin =
        org.apache.kafka.clients.admin.Admin.create(
            auth.admin(bootstrapServers()).clientProperties())) {
      admin.createAcls(acls).all().get(60, java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IOException("Could not set the Kafka ACLs: " + e.getMessage(), e);
    }
  }

  private static org.apache.kafka.common.acl.AclBinding allow(
      org.apache.kafka.common.resource.ResourcePattern resource,
      String principal,
      org.apache.kafka.common.acl.AclOperation operation) {
    return new org.apache.kafka.common.acl.AclBinding(
        resource,
        new org.apache.kafka.common.acl.AccessControlEntry(
            principal, "*", operation, org.apache.kafka.common.acl.AclPermissionType.ALLOW));
  }

  /** The users and their password files, or null when the broker does not authenticate. */
  Auth auth() {
    return auth;
  }

  private static ChildProcess serve(Path dir, Path config, int port, String log)
      throws IOException {
    ChildProcess server =
        ChildProcess.start(
            "kafka",
            List.of(
                ChildProcess.java(),
                "-Xmx512m",
                "-Dlog4j2.level=WARN",
                "-cp",
                System.getProperty("java.class.path"),
                "kafka.Kafka",
                config.toString()),
            Map.of(),
            dir.resolve(log));
    server.awaitReady(() -> listening(port), Duration.ofSeconds(90));
    return server;
  }

  /** Stops the broker, as an outage would (the services and the CLI keep running). */
  void stop() {
    process.close();
  }

  /** Starts the broker again on the same port and log directory, after {@link #stop()}. */
  void restart() throws IOException {
    process.close();
    process = serve(dir, config, port, "kafka-restarted.log");
  }

  static boolean listening(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("localhost", port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  String bootstrapServers() {
    return "localhost:" + port;
  }

  @Override
  public void close() {
    process.close();
  }
}
