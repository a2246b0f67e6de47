package org.ckanmigrate.dump;

import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/**
 * How a caller steers a running dump. Interrupting the dumping thread also cancels it.
 *
 * @param cancelled polled about every 200 ms; true stops the dump (the SSH session is closed and
 *     nothing is left behind)
 * @param progress receives the plain SQL bytes read so far, at each progress interval
 * @param beforeCommit runs right before the finished artifact is renamed into place, and throws to
 *     stop there (the part file is deleted); the phase confirms it still owns the job
 */
public record DumpControl(BooleanSupplier cancelled, LongConsumer progress, Runnable beforeCommit) {

  public static final DumpControl NONE = new DumpControl(() -> false, bytes -> {});

  /** Without a fence before the commit. */
  public DumpControl(BooleanSupplier cancelled, LongConsumer progress) {
    this(cancelled, progress, () -> {});
  }
}
