package org.ckanmigrate.platform.phase;

/** The worker lost its lease (another worker took the job over) or the service is stopping. */
public class PhaseCancelledException extends RuntimeException {

  public PhaseCancelledException(String message) {
    super(message);
  }
}
