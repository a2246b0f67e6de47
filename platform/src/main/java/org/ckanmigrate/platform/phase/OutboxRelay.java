package org.ckanmigrate.platform.phase;

import org.ckanmigrate.contract.event.EventCodec;
import org.ckanmigrate.contract.event.EventEnvelope;
import org.ckanmigrate.platform.kafka.EventPublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes events that were committed to the outbox together with the job state they describe, so
 * no outcome is recorded without its event eventually leaving, and no event leaves for an outcome
 * that was not recorded. At-least-once: consumers deduplicate by event id.
 */
public class OutboxRelay {

  private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

  private final PhaseJobStore store;
  private final EventPublisher publisher;
  private final EventCodec codec;
  private final TransactionTemplate tx;

  public OutboxRelay(
      PhaseJobStore store, EventPublisher publisher, EventCodec codec, TransactionTemplate tx) {
    this.store = store;
    this.publisher = publisher;
    this.codec = codec;
    this.tx = tx;
  }

  /** Sends what is pending; returns how many events left. Failures are retried on the next call. */
  public synchronized int flush() {
    int total = 0;
    try {
      while (true) {
        Integer sent =
            tx.execute(
                status -> {
                  var rows = store.lockUnsent(50);
                  for (var row : rows) {
                    EventEnvelope event = codec.fromJson(row.eventJson());
                    // The recorded key: reindex batches are spread over partitions by theirs.
                    publisher.publish(
                        row.topic(), row.key() != null ? row.key() : event.subject(), event);
                    store.markSent(row.id());
                  }
                  return rows.size();
                });
        total += sent == null ? 0 : sent;
        if (sent == null || sent < 50) {
          return total;
        }
      }
    } catch (RuntimeException e) {
      log.warn("Outbox not flushed, will retry: {}", e.getMessage());
      return total;
    }
  }
}
