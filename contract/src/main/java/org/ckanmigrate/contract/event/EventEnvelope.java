package org.ckanmigrate.contract.event;

import java.time.Instant;
import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * The one message shape on every ckan-migrate topic: a CloudEvents 1.0 structured-mode JSON event.
 * Field names are the CloudEvents attribute names; {@code type} is a logical, versioned name (see
 * {@link EventType}), never a Java class name.
 *
 * @param specversion always {@code 1.0}
 * @param id unique per event; a re-sent duplicate keeps its id, which is how consumers deduplicate
 * @param source the producing service, e.g. {@code /ckan-migrate/dump-service}
 * @param type logical type, e.g. {@code org.ckanmigrate.dump.completed.v1}
 * @param subject the migration run id (also the Kafka key)
 * @param time when the fact happened
 * @param correlationid the id shared by every event of one run's causal chain
 * @param causationid the id of the event that caused this one (null for the first)
 * @param datacontenttype always {@code application/json}
 * @param data the typed payload as JSON
 */
public record EventEnvelope(
    String specversion,
    String id,
    String source,
    String type,
    String subject,
    Instant time,
    String correlationid,
    String causationid,
    String datacontenttype,
    JsonNode data) {

  public static final String SPEC_VERSION = "1.0";
  public static final String CONTENT_TYPE = "application/cloudevents+json";

  public EventEnvelope {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(subject, "subject");
  }

  /** The run this event belongs to. */
  public String runId() {
    return subject;
  }
}
