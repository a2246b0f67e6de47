package org.ckanmigrate.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.ckanmigrate.stack.net.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stack generates the source catalogue while Kafka, Solr and the services start; a failed
 * generation stops the start with its own error, and what had started is stopped again.
 */
class DemoStackStartIT {

  @Test
  void aFailedCatalogueGenerationStopsTheStartAndWhatHadStarted(@TempDir Path work)
      throws Exception {
    int kafkaPort = FreePorts.consecutive(2);
    StringWriter out = new StringWriter();
    assertThatThrownBy(
            () ->
                DemoStack.builder(DemoStack.projectDir(), work)
                    .datasets(-1)
                    .kafkaPort(kafkaPort)
                    .firstServicePort(FreePorts.consecutive(4))
                    .start(new PrintWriter(out, true)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("datasets must be >= 0");
    assertThat(out.toString())
        .as("it stopped before the services")
        .contains("starting Kafka")
        .doesNotContain("starting Services");
    assertThat(KafkaServer.listening(kafkaPort)).as("Kafka stopped again").isFalse();
  }
}
