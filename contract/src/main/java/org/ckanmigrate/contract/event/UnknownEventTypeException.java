package org.ckanmigrate.contract.event;

/** An event whose type this version does not know (or a future {@code .v2}); never retried. */
public class UnknownEventTypeException extends RuntimeException {

  public UnknownEventTypeException(String type) {
    super("Unknown event type '" + type + "': this service version cannot read it");
  }
}
