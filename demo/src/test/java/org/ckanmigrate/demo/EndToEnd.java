package org.ckanmigrate.demo;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.ckanmigrate.cli.CkanMigrateCli;
import org.ckanmigrate.client.EventStreamReader;
import org.ckanmigrate.contract.event.EventCodec;
import org.ckanmigrate.contract.event.EventEnvelope;
import org.ckanmigrate.contract.event.EventType;
import picocli.CommandLine;

/** What the end-to-end tests read back from a {@link DemoStack}: events, databases, Solr. */
final class EndToEnd {

  static final EventCodec codec = new EventCodec("/test");

  private EndToEnd() {}

  static int cli(StringWriter out, String... args) {
    CommandLine cmd = new CommandLine(new CkanMigrateCli());
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(out, true));
    return cmd.execute(args);
  }

  static List<EventEnvelope> events(DemoStack stack, String runId) {
    try (var reader = new EventStreamReader(stack.operatorAccess(), codec)) {
      return reader.forRun(runId, Duration.ofSeconds(15));
    }
  }

  static Set<String> ids(List<EventEnvelope> events, EventType type) {
    return events.stream()
        .filter(e -> e.type().equals(type.wireName()))
        .map(EventEnvelope::id)
        .collect(Collectors.toSet());
  }

  static <T> T payload(List<EventEnvelope> events, EventType type, Class<T> payload) {
    return codec.payload(
        events.stream().filter(e -> e.type().equals(type.wireName())).findFirst().orElseThrow(),
        payload);
  }

  static long single(DemoStack stack, String database, String sql) throws SQLException {
    try (Connection c = stack.connect(database);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /** Documents of {@code siteId} matching the Solr query {@code q}. */
  static long solrCount(DemoStack stack, String siteId, String q) throws Exception {
    String url =
        stack.solr.coreUrl("ckan")
            + "/select?rows=0&wt=json&fq=site_id:"
            + siteId
            + "&q="
            + URLEncoder.encode(q, StandardCharsets.UTF_8);
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
    Map<?, ?> body = new tools.jackson.databind.json.JsonMapper().readValue(r.body(), Map.class);
    return ((Number) ((Map<?, ?>) body.get("response")).get("numFound")).longValue();
  }
}
