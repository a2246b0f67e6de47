package org.ckanmigrate.cli.follow;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ckanmigrate.contract.event.ErrorCode;

/**
 * A run as data for scripts ({@code status --output json}, {@code list --output json}): the same
 * facts as the summary table, with each phase's event payload as the services wrote it.
 */
public final class RunJson {

  private RunJson() {}

  /** One run: id, outcome, when requested, and its phases in order. */
  public static Map<String, Object> run(RunState run, Instant now) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("runId", run.runId());
    out.put("outcome", run.outcome());
    out.put("requestedAt", run.requestedAt() == null ? null : run.requestedAt().toString());
    List<Map<String, Object>> phases =
        run.phases().values().stream().map(p -> phase(p, now)).toList();
    out.put("phases", phases);
    return out;
  }

  /** A line of {@code list}: id, outcome, when requested, the phase running or failed. */
  public static Map<String, Object> summary(RunState run) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("runId", run.runId());
    out.put("outcome", run.outcome());
    out.put("requestedAt", run.requestedAt() == null ? null : run.requestedAt().toString());
    out.put(
        "currentPhase",
        run.phases().values().stream()
            .filter(p -> p.status == RunState.Status.RUNNING || p.status == RunState.Status.FAILED)
            .map(p -> p.name)
            .findFirst()
            .orElse(null));
    return out;
  }

  private static Map<String, Object> phase(RunState.Phase p, Instant now) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("phase", p.name);
    out.put("status", p.status.name());
    out.put("startedAt", p.startedAt == null ? null : p.startedAt.toString());
    out.put("endedAt", p.endedAt == null ? null : p.endedAt.toString());
    out.put("seconds", p.startedAt == null ? null : p.elapsed(now).toMillis() / 1000.0);
    out.put("result", p.result);
    out.put(
        "failure",
        p.failure == null
            ? null
            : map(
                "code",
                p.failure.code(),
                "message",
                p.failure.message(),
                // Whether `resume` can help; null for a code this CLI does not know.
                "resumable",
                ErrorCode.named(p.failure.code()).map(ErrorCode::resumable).orElse(null)));
    out.put(
        "progress",
        p.progress == null || p.result != null
            ? null
            : map(
                "done", p.progress.done(), "total", p.progress.total(), "unit", p.progress.unit()));
    return out;
  }

  // Map.of refuses nulls; a message or unit may be missing.
  private static Map<String, Object> map(Object... keysAndValues) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      out.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return out;
  }
}
