package org.ckanmigrate.cli.follow;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.ckanmigrate.contract.event.DumpCompleted;
import org.ckanmigrate.contract.event.ErrorCode;
import org.ckanmigrate.contract.event.IndexCompleted;
import org.ckanmigrate.contract.event.LoadCompleted;
import org.ckanmigrate.contract.event.PhaseProgressed;
import org.ckanmigrate.contract.event.SchemaMigrated;

/** Renders a run for people: one line per phase with progress, rate and ETA; a summary table. */
public final class RunView {

  private static final int BAR = 20;

  private RunView() {}

  /** One line for a phase: status, progress bar, counts, rate and ETA when known. */
  public static String line(RunState.Phase p, Instant now) {
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "%-7s %-9s ", p.name, p.status));
    PhaseProgressed pr = p.progress;
    if (p.status == RunState.Status.RUNNING && pr != null) {
      double fraction = pr.total() > 0 ? Math.min(1.0, (double) pr.done() / pr.total()) : 0;
      int filled = (int) Math.round(fraction * BAR);
      out.append('[').append("#".repeat(filled)).append(".".repeat(BAR - filled)).append("] ");
      out.append(
          pr.total() > 0 ? String.format(Locale.ROOT, "%3d%% ", (int) (fraction * 100)) : "     ");
      out.append(amount(pr.done(), pr.unit()));
      if (pr.total() > 0) {
        out.append(" / ").append(amount(pr.total(), pr.unit()));
      }
      double seconds = Math.max(0.001, p.elapsed(now).toMillis() / 1000.0);
      double rate = pr.done() / seconds;
      out.append("  ").append(amount((long) rate, pr.unit())).append("/s");
      if (pr.total() > 0 && rate > 0 && pr.done() < pr.total()) {
        out.append("  ETA ")
            .append(clock(Duration.ofSeconds((long) ((pr.total() - pr.done()) / rate))));
      }
    } else if (p.status == RunState.Status.RUNNING) {
      out.append("started ").append(clock(p.elapsed(now))).append(" ago");
    } else if (p.status == RunState.Status.FAILED && p.failure != null) {
      out.append(p.failure.code()).append(": ").append(p.failure.message());
    } else if (p.status == RunState.Status.SUCCEEDED) {
      out.append(clock(p.elapsed(now))).append("  ").append(moved(p));
    }
    return out.toString().stripTrailing();
  }

  /**
   * What the operator does after a run failed with {@code code}: resume, unless the code says
   * resuming repeats the fault (the run's spec or its recorded dump is at fault); then a new run.
   */
  public static String nextStep(String runId, String code) {
    return resumable(code)
        ? "Fix the cause, then: ckan-migrate resume " + runId
        : "Resuming would repeat this run's spec and dump and fail the same way: fix the cause"
            + " (see the message), then start a new run with another run id";
  }

  /**
   * Whether resuming a run that failed with {@code code} can help; true for a code this CLI does
   * not know (a newer service's), so as not to stand in the operator's way.
   */
  public static boolean resumable(String code) {
    return ErrorCode.named(code).map(ErrorCode::resumable).orElse(true);
  }

  /** The table printed when a run ends (pgcopydb-style). */
  public static void summary(RunState run, PrintWriter out, Instant now) {
    out.println();
    out.printf(Locale.ROOT, "Run %s%n", run.runId());
    String format = "%-7s | %-9s | %8s | %-56s | %s%n";
    out.printf(Locale.ROOT, format, "phase", "status", "duration", "moved", "verification");
    out.println(
        "-".repeat(7)
            + "-+-"
            + "-".repeat(9)
            + "-+-"
            + "-".repeat(8)
            + "-+-"
            + "-".repeat(56)
            + "-+-"
            + "-".repeat(30));
    for (RunState.Phase p : run.phases().values()) {
      String duration = p.startedAt == null ? "-" : clock(p.elapsed(now));
      out.printf(
          Locale.ROOT, format, p.name, p.status, duration, truncate(moved(p), 56), verification(p));
    }
    boolean heading = false;
    for (RunState.Phase p : run.phases().values()) {
      List<String> notes =
          p.result instanceof SchemaMigrated s
              ? s.notes()
              : p.result instanceof LoadCompleted l ? l.notes() : List.of();
      for (String note : notes) {
        if (!heading) {
          out.println();
          out.println("Notes:");
          heading = true;
        }
        out.printf(Locale.ROOT, "  %s: %s%n", p.name, note);
      }
    }
  }

  static String moved(RunState.Phase p) {
    if (p.result instanceof DumpCompleted d) {
      return amount(d.sizeBytes(), "bytes")
          + ", "
          + d.tables()
          + " tables, "
          + count(d.rows())
          + " rows";
    }
    if (p.result instanceof LoadCompleted l) {
      return l.tables()
          + " tables, "
          + count(l.rows())
          + " rows, "
          + l.parallelism()
          + " connections";
    }
    if (p.result instanceof SchemaMigrated s) {
      return s.scripts().size()
          + " scripts, "
          + s.sysadmins().size()
          + " sysadmins, "
          + s.repromoted().size()
          + " re-promoted"
          + (s.vacuum() == null ? "" : ", " + s.vacuum().tables() + " vacuumed");
    }
    if (p.result instanceof IndexCompleted i) {
      return count(i.indexed())
          + " datasets, "
          + count(i.deleted() + i.staleRemoved())
          + " removed, "
          + String.format(Locale.ROOT, "%.0f/s", i.datasetsPerSecond())
          + termsCut(i);
    }
    if (p.progress != null) {
      return amount(p.progress.done(), p.progress.unit());
    }
    return "";
  }

  // Documents that differ from CKAN's by design must show in the summary, not only in a log.
  static String termsCut(IndexCompleted i) {
    if (i.termsCut() == 0) {
      return "";
    }
    return ", "
        + count(i.termsCut())
        + " with a value cut to Solr's term limit ("
        + String.join(", ", i.termsCutFirst())
        + (i.termsCut() > i.termsCutFirst().size() ? ", ..." : "")
        + ")";
  }

  static String verification(RunState.Phase p) {
    if (p.status == RunState.Status.FAILED && p.failure != null) {
      return "FAILED " + p.failure.code();
    }
    if (p.result instanceof DumpCompleted d) {
      return "complete, sha256 " + d.sha256().substring(0, Math.min(12, d.sha256().length()));
    }
    if (p.result instanceof LoadCompleted) {
      return "row counts match the dump";
    }
    if (p.result instanceof SchemaMigrated s) {
      return "version "
          + s.versionBefore()
          + " -> "
          + s.versionAfter()
          + switch (s.harvestChoice()) {
            case "DROP" ->
                ", harvest dropped ("
                    + s.harvestDropped().values().stream().mapToLong(Long::longValue).sum()
                    + " rows in ledger)";
            case "KEEP" -> ", harvest kept, check SKIPPED";
            default -> ", harvest " + s.harvestPackages() + "/" + s.harvestSources();
          };
    }
    if (p.result instanceof IndexCompleted i) {
      return i.verified() ? "Solr ids = database ids" : "NOT VERIFIED";
    }
    return p.status == RunState.Status.SKIPPED ? "(not part of this run)" : "";
  }

  static String amount(long value, String unit) {
    if ("bytes".equals(unit)) {
      if (value >= 1L << 30) {
        return String.format(Locale.ROOT, "%.1f GB", value / (double) (1L << 30));
      }
      if (value >= 1L << 20) {
        return String.format(Locale.ROOT, "%.1f MB", value / (double) (1L << 20));
      }
      return String.format(Locale.ROOT, "%.1f kB", value / 1024.0);
    }
    return count(value) + (unit == null ? "" : " " + unit);
  }

  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  static String clock(Duration d) {
    long s = d.getSeconds();
    return s >= 3600
        ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60)
        : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "~";
  }
}
