package org.ckanmigrate.contract.event;

import java.util.Map;
import java.util.TreeMap;

/**
 * A phase failed; the run stops here until resumed.
 *
 * @param phase the phase as the operator sees it ({@code dump}, {@code load}, {@code schema},
 *     {@code index})
 * @param code a stable error code, e.g. {@code HOST_KEY_MISMATCH}
 * @param message what went wrong and what to do, with secrets scrubbed
 * @param attempt which attempt failed, from 1
 * @param details structured facts a tool can act on without parsing the message (e.g. the schema
 *     phase's {@code pass} and {@code sshFailure}, a script's name), values scrubbed like the
 *     message; empty when there are none, and in events written before the field existed
 */
public record PhaseFailed(
    String phase, String code, String message, int attempt, Map<String, String> details) {

  public PhaseFailed {
    // Sorted, so the same failure always serialises the same way.
    details =
        details == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(details));
  }

  public PhaseFailed(String phase, String code, String message, int attempt) {
    this(phase, code, message, attempt, Map.of());
  }
}
