package org.ckanmigrate.client;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.ckanmigrate.contract.event.EventEnvelope;

/** The broker did not acknowledge an event in time (or refused it). */
public class EventPublishException extends RuntimeException {

  public EventPublishException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * Waits for the broker's acknowledgement of {@code event}'s send, however it was sent (a plain
   * producer or Spring's template), and turns a failure into this exception, naming the event.
   */
  public static void awaitAcknowledgement(
      Future<?> send, Duration timeout, EventEnvelope event, String topic) {
    try {
      send.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EventPublishException("Interrupted while publishing event " + event.id(), e);
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
      throw new EventPublishException(
          "Could not publish event "
              + event.id()
              + " ("
              + event.type()
              + ") to "
              + topic
              + ": "
              + cause.getMessage(),
          e);
    }
  }
}
