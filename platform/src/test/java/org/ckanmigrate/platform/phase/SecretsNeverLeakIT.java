package org.ckanmigrate.platform.phase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.ckanmigrate.client.ScrubbingEncoder;
import org.ckanmigrate.contract.event.EventEnvelope;
import org.ckanmigrate.contract.event.EventType;
import org.ckanmigrate.contract.event.PhaseFailed;
import org.ckanmigrate.contract.event.RunRequested;
import org.ckanmigrate.contract.event.Topics;
import org.ckanmigrate.contract.spec.RunSpec;
import org.ckanmigrate.platform.kafka.EventPublisher;
import org.ckanmigrate.stack.postgres.PostgresServer;
import org.ckanmigrate.stack.postgres.TestDatabase;
import org.ckanmigrate.testsupport.kafka.KafkaBroker;
import org.ckanmigrate.testsupport.secret.Secrets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A generated secret in a phase's unexpected failure and in an event the service cannot handle
 * reaches neither the service's log (message and stack trace), nor the phase-failed event, nor the
 * dead-letter record's headers: a real service against a real broker and state database.
 */
@Timeout(180)
class SecretsNeverLeakIT {

  private TestDatabase stateDb;
  private PhaseTestSupport support;
  private ConfigurableApplicationContext app;
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
  private OutputStreamAppender<ILoggingEvent> capture;

  @BeforeEach
  void setUp() throws Exception {
    stateDb = PostgresServer.shared().createDatabase("leak_state");
    support = new PhaseTestSupport(stateDb);
  }

  @AfterEach
  void tearDown() {
    if (capture != null) {
      root().detachAppender(capture);
      capture.stop();
    }
    if (app != null) {
      app.close();
    }
    stateDb.close();
  }

  @Test
  void aSecretInAFailureOrAnUnreadableEventLeavesNoTrace() throws Exception {
    String secret = Secrets.generate(new Random(2026_12_03L), false);
    Map<String, String> props = support.properties(0, "RESUME");
    props.put("test.failing-attempts", "1");
    props.put("test.unexpected-secret", secret);
    app = support.start(props);

    // Boot configured logging; every appender it made now writes through the scrubber.
    List<Appender<ILoggingEvent>> appenders = new ArrayList<>();
    root().iteratorForAppenders().forEachRemaining(appenders::add);
    assertThat(appenders)
        .filteredOn(a -> a instanceof OutputStreamAppender<?>)
        .isNotEmpty()
        .allSatisfy(
            a ->
                assertThat(((OutputStreamAppender<ILoggingEvent>) a).getEncoder())
                    .isInstanceOf(ScrubbingEncoder.class));
    capture = captureLogs();

    // 1. An unexpected failure with the secret in its message and its cause.
    String runId = "run-" + UUID.randomUUID();
    app.getBean(EventPublisher.class)
        .publish(
            Topics.EVENTS,
            support.codec.start(
                runId, new RunRequested(new RunSpec(null, null, null, null, null), support.phase)));
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> !support.events(runId, EventType.PHASE_FAILED.wireName()).isEmpty());
    EventEnvelope failedEvent = support.events(runId, EventType.PHASE_FAILED.wireName()).get(0);
    PhaseFailed failed = support.codec.payload(failedEvent, PhaseFailed.class);
    assertThat(failed.code()).isEqualTo("INTERNAL_ERROR");
    Secrets.assertNoTrace(support.codec.toJson(failedEvent), secret, "", "phase-failed event");

    // 2. An event whose type the service does not know, the secret in it: dead-lettered.
    String badId = UUID.randomUUID().toString();
    String bad =
        "{\"specversion\":\"1.0\",\"id\":\""
            + badId
            + "\",\"source\":\"/leak\",\"type\":\"org.example.x password="
            + secret.replace("\\", "\\\\").replace("\"", "\\\"")
            + "\",\"subject\":\"run-x\",\"time\":\"2026-12-03T00:00:00Z\","
            + "\"datacontenttype\":\"application/json\",\"data\":{}}";
    try (var producer =
        new KafkaProducer<String, String>(
            Map.of("bootstrap.servers", KafkaBroker.shared().bootstrapServers()),
            new StringSerializer(),
            new StringSerializer())) {
      producer.send(new ProducerRecord<>(Topics.EVENTS, "run-x", bad)).get();
    }
    String headers =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> deadLetterHeaders(badId), h -> h != null);
    assertThat(headers).contains("kafka_dlt-exception-message=").doesNotContain("stacktrace");
    Secrets.assertNoTrace(headers, secret, "", "dead-letter headers");

    // 3. The log: the failure's stack trace was written, scrubbed.
    String log = captured.toString(StandardCharsets.UTF_8);
    assertThat(log).contains("failed unexpectedly", "Caused by: java.sql.SQLException");
    Secrets.assertNoTrace(log, secret, "", "service log");
  }

  private OutputStreamAppender<ILoggingEvent> captureLogs() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%level %logger %msg%n%ex");
    encoder.setCharset(StandardCharsets.UTF_8);
    encoder.start();
    OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
    appender.setContext(context);
    appender.setName("leak-capture");
    appender.setEncoder(encoder);
    appender.setOutputStream(captured);
    appender.start();
    root().addAppender(appender);
    org.ckanmigrate.client.ScrubbedLogback.install(); // as Boot's start did for the rest
    return appender;
  }

  private static Logger root() {
    return ((LoggerContext) LoggerFactory.getILoggerFactory())
        .getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }

  /** The headers of the dead-letter record holding {@code id}, one per line, or null. */
  private static String deadLetterHeaders(String id) {
    try (var consumer =
        new KafkaConsumer<byte[], byte[]>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                KafkaBroker.shared().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "leak-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(Topics.deadLetter(Topics.EVENTS)));
      long end = System.currentTimeMillis() + 5_000;
      while (System.currentTimeMillis() < end) {
        for (var r : consumer.poll(Duration.ofMillis(500))) {
          if (r.value() != null && new String(r.value(), StandardCharsets.UTF_8).contains(id)) {
            StringBuilder sb = new StringBuilder();
            for (Header h : r.headers()) {
              sb.append(h.key())
                  .append('=')
                  .append(new String(h.value(), StandardCharsets.UTF_8))
                  .append('\n');
            }
            return sb.toString();
          }
        }
      }
      return null;
    }
  }
}
