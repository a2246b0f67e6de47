package org.ckanmigrate.load.parallel;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.ckanmigrate.contract.event.ErrorCode;
import org.ckanmigrate.load.dump.QualifiedName;
import org.ckanmigrate.load.dump.StatementInfo.Kind;

/**
 * Runs indexes, keys, index attachments and foreign keys over N connections as soon as each may
 * run, the way pg_restore's parallel mode does rather than in strict waves: a foreign key waits
 * only for the keys of the table it references (and for partition index attachments), and no two
 * statements whose table locks conflict run at once, so a worker never sits blocked on a lock while
 * other work is ready. Biggest tables first. When the data is still loading, a statement also waits
 * until its tables' COPY is done, so the first data workers to run out of COPY blocks start
 * building the keys of the tables already loaded.
 */
final class PostDataScheduler {

  /** One statement and what it locks. */
  record Task(Kind kind, QualifiedName table, QualifiedName referenced, long size, Object item) {}

  interface Runner {
    void run(Connection c, Task t) throws Exception;
  }

  private final List<Task> pending;
  private final List<Task> running = new ArrayList<>();
  private final Map<QualifiedName, Integer> keysLeft = new HashMap<>();
  private int keysLeftTotal;
  private int attachLeft;
  private final AtomicReference<Throwable> failure;
  private Map<QualifiedName, Integer> dataPending = Map.of();

  PostDataScheduler(List<Task> tasks, AtomicReference<Throwable> failure) {
    this.pending = new ArrayList<>(tasks);
    this.pending.sort((a, b) -> Long.compare(b.size(), a.size())); // stable: dump order on ties
    this.failure = failure;
    for (Task t : tasks) {
      if (isKey(t)) {
        keysLeft.merge(t.table(), 1, Integer::sum);
        keysLeftTotal++;
      } else if (t.kind() == Kind.INDEX_ATTACH) {
        attachLeft++;
      }
    }
  }

  private static boolean isKey(Task t) {
    return t.kind() == Kind.INDEX || t.kind() == Kind.KEY;
  }

  /**
   * Makes statements wait for their tables' data: a table is still loading while its count in
   * {@code pending} is above zero; call {@link #dataDone} whenever a COPY ends.
   */
  PostDataScheduler waitingForData(Map<QualifiedName, Integer> pending) {
    this.dataPending = pending;
    return this;
  }

  /** A COPY ended: statements waiting for it may be ready. */
  synchronized void dataDone() {
    notifyAll();
  }

  void run(List<Connection> connections, Runner runner, Workers<?> canceller) {
    List<Thread> threads = new ArrayList<>();
    for (Connection c : connections) {
      Thread thread = new Thread(() -> work(c, runner, canceller), "post-data");
      thread.setDaemon(true);
      threads.add(thread);
      thread.start();
    }
    for (Thread t : threads) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failure.compareAndSet(
            null,
            new org.ckanmigrate.load.LoadFailedException(
                ErrorCode.INTERRUPTED, "the load was interrupted"));
        canceller.cancelAll();
      }
    }
  }

  /** Runs statements on {@code c} until none is left (or one failed). */
  void work(Connection c, Runner runner, Workers<?> canceller) {
    Task t;
    while ((t = take()) != null) {
      try {
        runner.run(c, t);
      } catch (Throwable e) {
        if (failure.compareAndSet(null, e)) {
          canceller.cancelAll();
        }
      } finally {
        done(t);
      }
    }
  }

  private synchronized Task take() {
    while (failure.get() == null && !pending.isEmpty()) {
      Task pick = null;
      for (Task t : pending) {
        if (ready(t) && running.stream().noneMatch(r -> conflict(t, r))) {
          pick = t;
          break;
        }
      }
      if (pick == null && running.isEmpty() && !loading()) {
        pick = pending.get(0); // never stall: with nothing running nothing can conflict
      }
      if (pick != null) {
        pending.remove(pick);
        running.add(pick);
        return pick;
      }
      try {
        wait(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }
    return null;
  }

  private synchronized void done(Task t) {
    running.remove(t);
    if (isKey(t)) {
      keysLeft.merge(t.table(), -1, Integer::sum);
      keysLeftTotal--;
    } else if (t.kind() == Kind.INDEX_ATTACH) {
      attachLeft--;
    }
    notifyAll();
  }

  private boolean loading() {
    return dataPending.values().stream().anyMatch(n -> n > 0);
  }

  private boolean loading(QualifiedName table) {
    return table != null && dataPending.getOrDefault(table, 0) > 0;
  }

  private boolean ready(Task t) {
    if (loading(t.table()) || loading(t.referenced())) {
      return false;
    }
    return switch (t.kind()) {
      case INDEX_ATTACH -> keysLeftTotal == 0;
      case FOREIGN_KEY -> attachLeft == 0 && keysLeft.getOrDefault(t.referenced(), 0) == 0;
      default -> true;
    };
  }

  /** Whether two statements would wait on each other's table locks. */
  static boolean conflict(Task a, Task b) {
    if (a.kind() == Kind.INDEX_ATTACH || b.kind() == Kind.INDEX_ATTACH) {
      return true; // touches parent and partition: run alone
    }
    for (QualifiedName x : tables(a)) {
      for (QualifiedName y : tables(b)) {
        if (x.equals(y) && !(a.kind() == Kind.INDEX && b.kind() == Kind.INDEX)) {
          return true; // CREATE INDEX takes SHARE, which only shares with itself
        }
      }
    }
    return false;
  }

  private static List<QualifiedName> tables(Task t) {
    return t.referenced() == null ? List.of(t.table()) : List.of(t.table(), t.referenced());
  }
}
