package org.ckanmigrate.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.ckanmigrate.client.EventStreamReader;
import org.ckanmigrate.client.StandaloneEventPublisher;
import org.ckanmigrate.contract.event.EventCodec;
import org.ckanmigrate.contract.event.RunCompleted;
import org.ckanmigrate.contract.event.Topics;
import org.ckanmigrate.stack.net.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one-machine mode's broker: Kafka's own KRaft server on a fixed port, as a child process. */
class KafkaServerIT {

  @Test
  void servesEventsOnTheFixedPortAndRefusesABusyOne(@TempDir Path work) throws Exception {
    int port = FreePorts.consecutive(2); // the broker's port and its controller's
    EventCodec codec = new EventCodec("/test");
    try (KafkaServer kafka = KafkaServer.start(work, port)) {
      assertThat(kafka.bootstrapServers()).isEqualTo("localhost:" + port);
      String runId = UUID.randomUUID().toString();
      try (var publisher = new StandaloneEventPublisher(kafka.bootstrapServers(), codec)) {
        publisher.publish(Topics.EVENTS, codec.start(runId, new RunCompleted("index")));
      }
      try (var reader = new EventStreamReader(kafka.bootstrapServers(), codec)) {
        assertThat(reader.forRun(runId, Duration.ofSeconds(20))).hasSize(1);
      }
      assertThatThrownBy(() -> KafkaServer.start(work.resolve("second"), port))
          .hasMessageContaining("Port " + port + " is in use");
    }
    assertThat(KafkaServer.listening(port)).isFalse();
  }
}
