package org.ckanmigrate.schema;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ckanmigrate.contract.event.ErrorCode;

/**
 * The schema phase failed with one of the {@link ErrorCode} codes. The message says what was wrong
 * and what to do; {@link #details()} holds the structured facts (e.g. {@code script}, {@code
 * statement}, {@code sqlState}). Neither ever holds a secret.
 */
public class SchemaMigrationException extends RuntimeException {

  private final ErrorCode code;
  private final Map<String, String> details;

  public SchemaMigrationException(
      ErrorCode code, String message, Map<String, String> details, Throwable cause) {
    super(message, cause);
    this.code = code;
    this.details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
  }

  public SchemaMigrationException(ErrorCode code, String message) {
    this(code, message, Map.of(), null);
  }

  public ErrorCode code() {
    return code;
  }

  /** Structured facts about the failure, in a stable order. */
  public Map<String, String> details() {
    return details;
  }
}
