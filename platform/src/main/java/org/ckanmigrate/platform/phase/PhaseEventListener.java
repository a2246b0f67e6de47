package org.ckanmigrate.platform.phase;

import org.ckanmigrate.contract.event.EventCodec;
import org.ckanmigrate.contract.event.EventEnvelope;
import org.ckanmigrate.contract.event.EventType;
import org.ckanmigrate.contract.event.Topics;
import org.slf4j.MDC;
import org.springframework.kafka.annotation.KafkaListener;

/**
 * Reads the events topic in this service's consumer group and hands triggers to the {@link
 * PhaseRunner} and commands to their {@link CommandHandler}. Unknown or unreadable events throw
 * non-retryable exceptions, so they go to the dead-letter topic instead of blocking their
 * partition.
 */
public class PhaseEventListener {

  private final PhaseRunner runner;
  private final CommandRunner commands;
  private final EventCodec codec;

  PhaseEventListener(PhaseRunner runner, CommandRunner commands, EventCodec codec) {
    this.runner = runner;
    this.commands = commands;
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
      Object payload = codec.payload(event);
      runner.accept(event, type, payload);
      commands.accept(event, type, payload);
    } finally {
      MDC.remove("runId");
    }
  }
}
