package org.ckanmigrate.dump;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.ckanmigrate.platform.concurrent.DaemonThreads;

/**
 * Watches one pg_dump stream from a timer thread while the worker thread reads it: cuts the stream
 * ({@code abort}) as soon as the worker is interrupted, the phase is cancelled or no byte arrived
 * for the stall timeout, and reports progress at a fixed interval. After the stream ends the worker
 * asks why it stopped.
 */
final class StreamWatch implements AutoCloseable {

  private static final long CHECK_MILLIS = 200;

  private final Thread worker = Thread.currentThread();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong lastDataNanos = new AtomicLong(System.nanoTime());
  private final long startNanos = System.nanoTime();
  private final ScheduledExecutorService timer;
  private volatile boolean cancelled;
  private volatile boolean interrupted;
  private volatile boolean stalled;

  StreamWatch(String database) {
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named("dump-watchdog-" + database + "-"));
  }

  /**
   * Starts watching.
   *
   * @param abort cuts the stream (closes the SSH connection), so the worker's read returns
   * @param cancelRequested whether the phase was asked to stop
   * @param progress called every {@code progressEvery} with the bytes read so far
   */
  void start(
      Runnable abort,
      BooleanSupplier cancelRequested,
      Duration stallTimeout,
      Duration progressEvery,
      java.util.function.LongConsumer progress) {
    timer.scheduleAtFixedRate(
        () -> {
          if (worker.isInterrupted()) {
            interrupted = true;
            abort.run();
          } else if (cancelRequested.getAsBoolean()) {
            cancelled = true;
            abort.run();
          } else if (System.nanoTime() - lastDataNanos.get() > stallTimeout.toNanos()) {
            stalled = true;
            abort.run();
          }
        },
        CHECK_MILLIS,
        CHECK_MILLIS,
        TimeUnit.MILLISECONDS);
    long every = progressEvery.toMillis();
    timer.scheduleAtFixedRate(
        () -> progress.accept(bytes.get()), every, every, TimeUnit.MILLISECONDS);
  }

  /** {@code length} bytes arrived: the stream is alive. */
  void arrived(long length) {
    lastDataNanos.set(System.nanoTime());
    bytes.addAndGet(length);
  }

  long bytes() {
    return bytes.get();
  }

  double seconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /** The worker saw its interrupt while reading. */
  void markInterrupted() {
    interrupted = true;
  }

  boolean stopped() {
    return cancelled || interrupted || stalled;
  }

  boolean interrupted() {
    return interrupted || worker.isInterrupted();
  }

  boolean cancelled() {
    return cancelled;
  }

  boolean stalled() {
    return stalled;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
