package org.ckanmigrate.testsupport.kafka;

import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * A real Kafka broker for tests, started once per JVM: the one named by {@code
 * CKAN_TEST_KAFKA_BOOTSTRAP}, else a Testcontainers {@code apache/kafka} broker when a Docker
 * engine answers, else an embedded KRaft broker (spring-kafka-test) in this JVM.
 */
public final class KafkaBroker {

  private static final Logger log = LoggerFactory.getLogger(KafkaBroker.class);
  private static volatile KafkaBroker shared;

  private final String bootstrapServers;
  private final String origin;

  private KafkaBroker(String bootstrapServers, String origin) {
    this.bootstrapServers = bootstrapServers;
    this.origin = origin;
  }

  public static KafkaBroker shared() {
    KafkaBroker broker = shared;
    if (broker == null) {
      synchronized (KafkaBroker.class) {
        broker = shared;
        if (broker == null) {
          broker = start();
          shared = broker;
        }
      }
    }
    return broker;
  }

  private static KafkaBroker start() {
    String configured = setting("CKAN_TEST_KAFKA_BOOTSTRAP");
    if (configured != null && !configured.isBlank()) {
      return new KafkaBroker(configured, "external");
    }
    if (dockerAvailable()) {
      KafkaContainer container = new KafkaContainer("apache/kafka:4.1.2");
      container.start();
      return new KafkaBroker(container.getBootstrapServers(), "testcontainers");
    }
    EmbeddedKafkaKraftBroker embedded = new EmbeddedKafkaKraftBroker(1, 1);
    embedded.brokerProperties(
        java.util.Map.of(
            "group.initial.rebalance.delay.ms", "0",
            "group.min.session.timeout.ms", "2000",
            "auto.create.topics.enable", "true"));
    embedded.afterPropertiesSet();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    embedded.destroy();
                  } catch (RuntimeException e) {
                    // the JVM is going away
                  }
                },
                "kafka-stop"));
    log.info("Started embedded KRaft broker at {}", embedded.getBrokersAsString());
    return new KafkaBroker(embedded.getBrokersAsString(), "embedded");
  }

  private static boolean dockerAvailable() {
    boolean hint =
        System.getenv("DOCKER_HOST") != null || Files.exists(Path.of("/var/run/docker.sock"));
    if (!hint || "false".equals(setting("CKAN_TEST_USE_DOCKER"))) {
      return false;
    }
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  private static String setting(String name) {
    String value = System.getProperty(name);
    return value != null ? value : System.getenv(name);
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** {@code external}, {@code testcontainers} or {@code embedded}. */
  public String origin() {
    return origin;
  }
}
