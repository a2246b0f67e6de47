package org.ckanmigrate.index;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * CPU seconds used by one process tree, read from Linux's /proc (the benchmark's evidence of where
 * the machine's cores go, independent of how busy other work keeps them). A process's own time plus
 * the time of its children: the ones still running, and the ones that ended and were waited for (a
 * PostgreSQL backend per connection counts once it ends).
 */
final class ProcessCpu {

  private static final double TICKS_PER_SECOND = 100.0; // USER_HZ, 100 on every Linux platform

  private final long pid;
  private final boolean withChildren;

  /**
   * @param withChildren whether the children's time counts (PostgreSQL's backends) or only the
   *     process's own (the test JVM, whose child is the Solr measured on its own)
   */
  ProcessCpu(long pid, boolean withChildren) {
    this.pid = pid;
    this.withChildren = withChildren;
  }

  long pid() {
    return pid;
  }

  /** CPU seconds so far, or NaN if /proc cannot be read (not Linux). */
  double seconds() {
    try {
      long[] self = stat(pid);
      if (!withChildren) {
        return (self[1] + self[2]) / TICKS_PER_SECOND;
      }
      long ticks = self[1] + self[2] + self[3] + self[4];
      try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
        for (Path p : procs) {
          long child = Long.parseLong(p.getFileName().toString());
          try {
            long[] s = stat(child);
            if (s[0] == pid) {
              ticks += s[1] + s[2];
            }
          } catch (IOException | RuntimeException gone) {
            // the process ended while we looked
          }
        }
      }
      return ticks / TICKS_PER_SECOND;
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  /** ppid, utime, stime, cutime, cstime of {@code pid}. */
  static long[] stat(long pid) throws IOException {
    String s = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    // The command name may hold spaces and parentheses: fields start after the last ')'.
    String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
    return new long[] {
      Long.parseLong(f[1]),
      Long.parseLong(f[11]),
      Long.parseLong(f[12]),
      Long.parseLong(f[13]),
      Long.parseLong(f[14])
    };
  }

  /** A snapshot of the three parties' CPU seconds. */
  record Split(double solr, double service, double postgres) {

    Split minus(Split before) {
      return new Split(solr - before.solr, service - before.service, postgres - before.postgres);
    }

    /** Per 1,000 datasets, and what 2 fully used cores would allow at that cost. */
    String per1000(long datasets, double wallSeconds, int cores) {
      double k = datasets / 1000.0;
      double total = solr + service + postgres;
      return String.format(
          Locale.ROOT,
          "CPU s per 1,000 datasets: Solr %.2f, test JVM (service/senders + Kafka) %.2f,"
              + " PostgreSQL %.2f, total %.2f; cores busy %.2f of %d; %d cores fully used at"
              + " this cost: %.0f datasets/s",
          solr / k,
          service / k,
          postgres / k,
          total / k,
          total / wallSeconds,
          cores,
          cores,
          cores * datasets / total);
    }
  }
}
