package org.ckanmigrate.contract.event;

/** An event of a known type whose envelope or data cannot be read; never retried. */
public class MalformedEventException extends RuntimeException {

  public MalformedEventException(String message, Throwable cause) {
    super(message, cause);
  }

  public MalformedEventException(String message) {
    super(message);
  }
}
