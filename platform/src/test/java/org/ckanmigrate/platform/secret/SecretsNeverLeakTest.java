package org.ckanmigrate.platform.secret;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.ckanmigrate.client.ScrubbedLogback;
import org.ckanmigrate.client.ScrubbingEncoder;
import org.ckanmigrate.platform.kafka.EventKafkaConfiguration;
import org.ckanmigrate.testsupport.secret.Secrets;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.ListenerExecutionFailedException;

/**
 * Generated secrets in exception messages and causes reach neither the log (message and stack
 * trace, through the encoder {@link ScrubbedLogback} installs) nor a dead-letter header.
 */
class SecretsNeverLeakTest {

  @Test
  void logLinesAndStackTracesNeverShowASecret() {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%level %msg%n%ex");
    encoder.setCharset(StandardCharsets.UTF_8);
    encoder.start();
    appender.setContext(context);
    appender.setEncoder(encoder);
    appender.setOutputStream(captured);
    appender.setName("capture");
    appender.start();
    Logger logger = context.getLogger("leak-check");
    logger.setAdditive(false);
    logger.addAppender(appender);
    try {
      ScrubbedLogback.install();
      assertThat(appender.getEncoder()).isInstanceOf(ScrubbingEncoder.class);
      Random random = new Random(7L);
      for (int i = 0; i < 200; i++) {
        String secret = Secrets.generate(random, false);
        captured.reset();
        Exception e =
            new IllegalStateException(
                "run failed",
                new RuntimeException("cannot reach postgresql://ckan:" + secret + "@db"));
        logger.error("Run {}: connecting with password={}", i, secret, e);
        String out = captured.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("Caused by: java.lang.RuntimeException", "\tat ");
        Secrets.assertNoTrace(out, secret, "password= postgresql://ckan:@db", "log");
      }
    } finally {
      logger.detachAppender(appender);
      appender.stop();
    }
  }

  @Test
  void deadLetterHeadersHoldTheScrubbedMessageAndNoStackTrace() {
    Random random = new Random(11L);
    for (int i = 0; i < 200; i++) {
      String secret = Secrets.generate(random, true);
      var failure =
          new ListenerExecutionFailedException(
              "Listener failed", new IllegalArgumentException("bad spec: password=" + secret));
      List<ProducerRecord<Object, Object>> sent = new ArrayList<>();
      var template =
          new KafkaTemplate<Object, Object>(
              new DefaultKafkaProducerFactory<>(Map.of("bootstrap.servers", "127.0.0.1:1")));
      var recoverer =
          new DeadLetterPublishingRecoverer(template) {
            @Override
            protected void publish(
                ProducerRecord<Object, Object> out,
                KafkaOperations<Object, Object> ops,
                ConsumerRecord<?, ?> in) {
              sent.add(out); // captured here instead of sent: the headers are what is checked
            }
          };
      recoverer.setExceptionHeadersCreator(EventKafkaConfiguration::scrubbedExceptionHeaders);
      recoverer.accept(new ConsumerRecord<>("ckan-migrate.events", 0, 0L, "k", "v"), failure);
      assertThat(sent).hasSize(1);
      StringBuilder all = new StringBuilder();
      for (Header h : sent.get(0).headers()) {
        all.append(h.key()).append('=').append(new String(h.value(), StandardCharsets.UTF_8));
        all.append('\n');
      }
      assertThat(all.toString())
          .contains("kafka_dlt-exception-message=bad spec: password=****")
          .doesNotContain("stacktrace", "\tat ");
      Secrets.assertNoTrace(all.toString(), secret, "password=", "dead-letter headers");
    }
  }
}
