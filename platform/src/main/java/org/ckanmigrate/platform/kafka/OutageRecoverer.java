package org.ckanmigrate.platform.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What a service does with a valid record it could not accept for longer than the outage budget
 * (its state database stayed unreachable): e.g. tell the run's operator, with a failure that {@code
 * resume} can act on, instead of letting the run stall without a word.
 */
@FunctionalInterface
public interface OutageRecoverer {

  /**
   * @param record the record that could not be accepted
   * @param cause the last failure
   */
  void recover(ConsumerRecord<?, ?> record, Exception cause);
}
