package org.ckanmigrate.platform.phase;

import java.util.List;
import org.ckanmigrate.contract.event.CommandFailed;
import org.ckanmigrate.contract.event.ErrorCode;
import org.ckanmigrate.contract.event.EventCodec;
import org.ckanmigrate.contract.event.EventEnvelope;
import org.ckanmigrate.contract.event.EventType;
import org.ckanmigrate.contract.event.Topics;
import org.ckanmigrate.contract.secret.Scrubber;
import org.ckanmigrate.contract.spec.RunSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Hands command events to their {@link CommandHandler} and answers each once: the answer ({@code
 * handle}'s fact, or {@link CommandFailed} with the code) is recorded with the command's inbox row
 * in one transaction and published through the outbox, caused by the command's id.
 */
class CommandRunner {

  private static final Logger log = LoggerFactory.getLogger(CommandRunner.class);

  private final List<CommandHandler> handlers;
  private final PhaseJobStore store;
  private final OutboxRelay outbox;
  private final EventCodec codec;
  private final TransactionTemplate tx;

  CommandRunner(
      List<CommandHandler> handlers,
      PhaseJobStore store,
      OutboxRelay outbox,
      EventCodec codec,
      TransactionTemplate tx) {
    this.handlers = List.copyOf(handlers);
    this.store = store;
    this.outbox = outbox;
    this.codec = codec;
    this.tx = tx;
  }

  void accept(EventEnvelope event, EventType type, Object payload) {
    for (CommandHandler handler : handlers) {
      if (handler.command() == type) {
        carryOut(handler, event, type, payload);
      }
    }
  }

  private void carryOut(
      CommandHandler handler, EventEnvelope event, EventType type, Object payload) {
    String consumer = "command:" + type.wireName();
    String runId = event.subject();
    if (store.inboxHas(consumer, event.id())) {
      log.info("Command {} ({}) was answered before; ignored", event.id(), type.wireName());
      return;
    }
    RunSpec spec =
        store
            .runSpec(runId)
            .map(json -> codec.mapper().readValue(json, RunSpec.class))
            .orElse(null);
    Object answer;
    try {
      answer = handler.handle(runId, spec, payload);
      log.info("Run {}: carried out {}", runId, type.wireName());
    } catch (PhaseFailureException e) {
      log.warn("Run {}: {} failed ({}): {}", runId, type.wireName(), e.code(), e.getMessage());
      answer = new CommandFailed(type.wireName(), e.code().name(), Scrubber.scrub(e.getMessage()));
    } catch (RuntimeException e) {
      log.error("Run {}: {} failed unexpectedly", runId, type.wireName(), e);
      answer =
          new CommandFailed(
              type.wireName(),
              ErrorCode.INTERNAL_ERROR.name(),
              "Internal error (" + Scrubber.scrub(String.valueOf(e.getMessage())) + "); report it");
    }
    EventEnvelope reply = codec.follow(event, answer);
    tx.executeWithoutResult(
        status -> {
          if (store.recordInbox(consumer, event.id(), event.type(), runId)) {
            store.enqueueOutbox(Topics.EVENTS, runId, reply.id(), codec.toJson(reply));
          }
        });
    outbox.flush();
  }
}
