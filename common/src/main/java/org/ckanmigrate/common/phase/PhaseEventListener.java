package org.ckanmigrate.common.phase;

import org.ckanmigrate.common.event.EventCodec;
import org.ckanmigrate.common.event.EventEnvelope;
import org.ckanmigrate.common.event.EventType;
import org.ckanmigrate.common.kafka.Topics;
import org.slf4j.MDC;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * Reads the events topic in this service's consumer group and hands triggers to the {@link
 * PhaseRunner}. Unknown or unreadable events throw non-retryable exceptions, so they go to the
 * dead-letter topic instead of blocking their partition.
 */
public class PhaseEventListener {

  private final PhaseRunner runner;
  private final EventCodec codec;

  public PhaseEventListener(PhaseRunner runner, EventCodec codec) {
    this.runner = runner;
    this.codec = codec;
  }

  @KafkaListener(
      id = "ckan-migrate-phases",
      topics = Topics.EVENTS,
      groupId = "${ckan-migrate.consumer-group:${spring.application.name}}")
  public void onEvent(EventEnvelope event) {
    MDC.put("runId", event.subject());
    try {
      EventType type = codec.typeOf(event);
      runner.accept(event, type, codec.payload(event));
    } finally {
      MDC.remove("runId");
    }
  }
}
