package org.ckanmigrate.load.parallel;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.ckanmigrate.contract.event.ErrorCode;
import org.ckanmigrate.load.LoadFailedException;
import org.postgresql.PGConnection;

/**
 * Tasks run by one thread per connection, each taking the next task off a shared queue: a fixed
 * list (callers queue the biggest first), or a {@linkplain #feed feed} that tasks are added to
 * while the workers run. The first failure stops the others: their running statements are cancelled
 * and nothing new starts.
 */
final class Workers<T> {

  interface Job<T> {
    void run(Connection connection, T task) throws Exception;
  }

  private final List<Connection> connections;
  private final BlockingQueue<T> queue;
  private final Job<T> job;
  private final AtomicReference<Throwable> failure;
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean closed;
  private volatile java.util.function.Consumer<Connection> then;

  Workers(
      List<Connection> connections, List<T> tasks, Job<T> job, AtomicReference<Throwable> failure) {
    this(connections, new LinkedBlockingQueue<>(tasks), job, failure);
    this.closed = true;
  }

  private Workers(
      List<Connection> connections,
      BlockingQueue<T> queue,
      Job<T> job,
      AtomicReference<Throwable> failure) {
    this.connections = connections;
    this.queue = queue;
    this.job = job;
    this.failure = failure;
  }

  /**
   * Workers that wait for tasks {@linkplain #add added} while they run, taking the first in {@code
   * order} of those waiting, until {@link #close}.
   */
  static <T> Workers<T> feed(
      List<Connection> connections,
      Comparator<T> order,
      Job<T> job,
      AtomicReference<Throwable> failure) {
    return new Workers<>(connections, new PriorityBlockingQueue<>(11, order), job, failure);
  }

  /** Queues a task of a feed. */
  void add(T task) {
    if (closed) {
      throw new IllegalStateException("the feed is closed");
    }
    queue.add(task);
  }

  /**
   * What each worker does with its connection once the queue is closed and empty (and nothing
   * failed); set it before {@link #close}.
   */
  void then(java.util.function.Consumer<Connection> next) {
    this.then = next;
  }

  /** No more tasks: the workers finish those queued and stop. */
  void close() {
    closed = true;
  }

  Workers<T> start(String name) {
    for (int i = 0; i < connections.size(); i++) {
      Connection c = connections.get(i);
      Thread t = new Thread(() -> loop(c), name + "-" + (i + 1));
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
    return this;
  }

  private void loop(Connection c) {
    while (failure.get() == null) {
      T task;
      try {
        // Read closed before polling: a task added before close() is then still seen.
        boolean last = closed;
        task = last ? queue.poll() : queue.poll(50, TimeUnit.MILLISECONDS);
        if (task == null) {
          if (last) {
            if (then != null && failure.get() == null) {
              then.accept(c);
            }
            return;
          }
          continue;
        }
      } catch (InterruptedException e) {
        if (failure.compareAndSet(
            null, new LoadFailedException(ErrorCode.INTERRUPTED, "the load was interrupted"))) {
          cancelAll();
        }
        return;
      }
      try {
        job.run(c, task);
      } catch (Throwable e) {
        if (failure.compareAndSet(null, e)) {
          cancelAll();
        }
        return;
      }
    }
  }

  /** Cancels whatever the workers' connections are running. */
  void cancelAll() {
    for (Connection c : connections) {
      try {
        c.unwrap(PGConnection.class).cancelQuery();
      } catch (SQLException ignored) {
        // the connection may be gone already
      }
    }
  }

  /** Waits for all workers; rethrows the first failure. */
  void await() {
    boolean interrupted = false;
    for (Thread t : threads) {
      while (t.isAlive()) {
        try {
          t.join();
        } catch (InterruptedException e) {
          interrupted = true;
          if (failure.compareAndSet(
              null, new LoadFailedException(ErrorCode.INTERRUPTED, "the load was interrupted"))) {
            cancelAll();
          }
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    Throwable f = failure.get();
    if (f instanceof LoadFailedException lf) {
      throw lf;
    }
    if (f instanceof RuntimeException re) {
      throw re;
    }
    if (f != null) {
      throw new IllegalStateException(f);
    }
  }
}
