package org.ckanmigrate.load.parallel;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import org.ckanmigrate.load.LoadError;
import org.ckanmigrate.load.LoadFailedException;
import org.postgresql.PGConnection;

/**
 * Tasks run by one thread per connection, each taking the next task off a shared queue (callers
 * queue the biggest first). The first failure stops the others: their running statements are
 * cancelled and nothing new starts.
 */
final class Workers<T> {

  interface Job<T> {
    void run(Connection connection, T task) throws Exception;
  }

  private final List<Connection> connections;
  private final ConcurrentLinkedQueue<T> queue;
  private final Job<T> job;
  private final AtomicReference<Throwable> failure;
  private final List<Thread> threads = new ArrayList<>();

  Workers(
      List<Connection> connections, List<T> tasks, Job<T> job, AtomicReference<Throwable> failure) {
    this.connections = connections;
    this.queue = new ConcurrentLinkedQueue<>(tasks);
    this.job = job;
    this.failure = failure;
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
    T task;
    while (failure.get() == null && (task = queue.poll()) != null) {
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
              null, new LoadFailedException(LoadError.INTERRUPTED, "the load was interrupted"))) {
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
