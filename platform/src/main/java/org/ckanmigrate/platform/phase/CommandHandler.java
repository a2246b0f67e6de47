package org.ckanmigrate.platform.phase;

import org.ckanmigrate.contract.event.EventType;
import org.ckanmigrate.contract.spec.RunSpec;

/**
 * Carries out one kind of command for a run (a Spring bean in the service that owns what the
 * command changes). Commands are short: they run on the listener thread, once per command event
 * (the inbox drops redeliveries of a command already answered), and their answer goes out through
 * the outbox.
 */
public interface CommandHandler {

  /** The command type this handler carries out. */
  EventType command();

  /**
   * Carries out {@code command} for {@code runId} and returns the answer's payload (a fact). Throws
   * with an error code when it cannot, leaving nothing of it done; a crash before the answer is
   * recorded runs it again, so it must be safe to repeat.
   *
   * @param recordedSpec the run's spec as this service recorded it, or null if it never saw the run
   */
  Object handle(String runId, RunSpec recordedSpec, Object command) throws PhaseFailureException;
}
