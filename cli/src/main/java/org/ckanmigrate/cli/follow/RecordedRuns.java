package org.ckanmigrate.cli.follow;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.ckanmigrate.contract.event.EventCodec;
import org.ckanmigrate.contract.event.EventEnvelope;
import org.ckanmigrate.contract.event.Topics;
import org.ckanmigrate.contract.secret.Scrubber;
import org.ckanmigrate.contract.spec.RunSpec;

/**
 * Runs as the services' state databases recorded them, for when the events topic no longer has
 * them. Each service keeps, per run, the spec it was asked to run (table {@code run_spec}), each
 * phase's trigger and outcome ({@code phase_job}) and every event it published ({@code outbox},
 * never pruned); replaying those in time order gives the same {@link RunState} the topic would.
 */
public final class RecordedRuns {

  private RecordedRuns() {}

  /** Where the services' state databases are, and how to log in. */
  public record Source(List<String> urls, String user, String password) {}

  /** Thrown when a state database cannot be read; the message says which and what to check. */
  public static final class UnreadableStateDatabase extends RuntimeException {
    public UnreadableStateDatabase(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Every run the databases hold, keyed by run id. */
  public static Map<String, RunState> read(Source source, EventCodec codec) {
    Map<String, Request> requests = new TreeMap<>();
    Map<String, Map<String, EventEnvelope>> events = new TreeMap<>();
    for (String url : source.urls()) {
      readOne(url, source, codec, requests, events);
    }
    Map<String, RunState> runs = new LinkedHashMap<>();
    for (String runId : union(requests.keySet(), events.keySet())) {
      RunState run = new RunState(runId);
      Request request = requests.get(runId);
      if (request != null) {
        run.recorded(request.spec, request.startPhase, request.at);
      }
      List<EventEnvelope> ordered = new ArrayList<>(events.getOrDefault(runId, Map.of()).values());
      ordered.sort(Comparator.comparing(EventEnvelope::time));
      ordered.forEach(e -> run.apply(e, codec));
      runs.put(runId, run);
    }
    return runs;
  }

  private record Request(RunSpec spec, String startPhase, Instant at) {}

  private static void readOne(
      String url,
      Source source,
      EventCodec codec,
      Map<String, Request> requests,
      Map<String, Map<String, EventEnvelope>> events) {
    Properties props = new Properties();
    props.setProperty("user", source.user());
    if (source.password() != null) {
      props.setProperty("password", source.password());
    }
    props.setProperty("connectTimeout", "10");
    props.setProperty("ApplicationName", "ckan-migrate cli");
    props.setProperty("readOnly", "true");
    try (Connection c = DriverManager.getConnection(url, props);
        Statement st = c.createStatement()) {
      try (ResultSet rs =
          st.executeQuery(
              "SELECT run_id, spec, start_phase, requested_at FROM ckan_migrate_state.run_spec")) {
        while (rs.next()) {
          Request r =
              new Request(
                  codec.mapper().readValue(rs.getString(2), RunSpec.class),
                  rs.getString(3) == null ? "dump" : rs.getString(3),
                  instant(rs.getTimestamp(4)));
          requests.merge(rs.getString(1), r, (a, b) -> a.at.isAfter(b.at) ? b : a);
        }
      }
      try (ResultSet rs =
          st.executeQuery(
              "SELECT run_id, trigger_event, completion_event FROM ckan_migrate_state.phase_job")) {
        while (rs.next()) {
          add(events, rs.getString(1), rs.getString(2), codec);
          add(events, rs.getString(1), rs.getString(3), codec);
        }
      }
      try (var ps =
          c.prepareStatement(
              "SELECT message_key, event FROM ckan_migrate_state.outbox WHERE topic = ?")) {
        ps.setString(1, Topics.EVENTS);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            add(events, rs.getString(1), rs.getString(2), codec);
          }
        }
      }
    } catch (SQLException e) {
      String where = Scrubber.scrub(url);
      String why =
          "42P01".equals(e.getSQLState()) || "3F000".equals(e.getSQLState())
              ? " is not a ckan-migrate state database (no ckan_migrate_state tables): give the"
                  + " URL of a service's CKAN_MIGRATE_STATE_DB_URL"
              : ": "
                  + Scrubber.scrub(String.valueOf(e.getMessage()))
                  + " (check --state-db, --state-db-user and --state-db-password-file)";
      throw new UnreadableStateDatabase("Cannot read state database " + where + why, e);
    }
  }

  private static void add(
      Map<String, Map<String, EventEnvelope>> events, String runId, String json, EventCodec codec) {
    if (json == null) {
      return;
    }
    EventEnvelope e;
    try {
      e = codec.fromJson(json);
    } catch (RuntimeException unreadable) {
      return; // an event of a newer version than this CLI: the topic's readers skip it too
    }
    String run = e.subject() != null ? e.subject() : runId;
    events.computeIfAbsent(run, k -> new LinkedHashMap<>()).putIfAbsent(e.id(), e);
  }

  private static List<String> union(java.util.Set<String> a, java.util.Set<String> b) {
    java.util.TreeSet<String> all = new java.util.TreeSet<>(a);
    all.addAll(b);
    return new ArrayList<>(all);
  }

  private static Instant instant(Timestamp ts) {
    return ts == null ? Instant.EPOCH : ts.toInstant();
  }
}
