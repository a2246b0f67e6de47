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
 */
final class KafkaServer implements AutoCloseable {

  private ChildProcess process;
  private final int port;
  private final Path dir;
  private final Path config;

  private KafkaServer(ChildProcess process, int port, Path dir, Path config) {
    this.process = process;
    this.port = port;
    this.dir = dir;
    this.config = config;
  }

  static KafkaServer start(Path workDir, int port) throws IOException {
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
    Files.writeString(
        config,
        String.join(
            "\n",
            "process.roles=broker,controller",
            "node.id=1",
            "controller.quorum.voters=1@localhost:" + (port + 1),
            "listeners=PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + (port + 1),
            "advertised.listeners=PLAINTEXT://localhost:" + port,
            "controller.listener.names=CONTROLLER",
            "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
            "log.dirs=" + logs,
            "num.partitions=3",
            "offsets.topic.replication.factor=1",
            "transaction.state.log.replication.factor=1",
            "transaction.state.log.min.isr=1",
            "group.initial.rebalance.delay.ms=0",
            "auto.create.topics.enable=true",
            ""));
    String classpath = System.getProperty("java.class.path");
    if (!Files.exists(logs.resolve("meta.properties"))) {
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
    return new KafkaServer(serve(dir, config, port, "kafka.log"), port, dir, config);
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
