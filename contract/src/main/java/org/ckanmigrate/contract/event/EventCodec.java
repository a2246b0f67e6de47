package org.ckanmigrate.contract.event;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds envelopes around typed payloads and reads payloads back, with one JSON mapper for the
 * whole event contract.
 */
public final class EventCodec {

  private final JsonMapper mapper;
  private final String source;
  private final Clock clock;

  public EventCodec(String source) {
    this(defaultMapper(), source, Clock.systemUTC());
  }

  public EventCodec(JsonMapper mapper, String source, Clock clock) {
    this.mapper = mapper;
    this.source = source;
    this.clock = clock;
  }

  /**
   * The event contract's mapper: unknown payload fields are tolerated, so a producer can add an
   * optional field without a new type version.
   */
  public static JsonMapper defaultMapper() {
    return JsonMapper.builder()
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .findAndAddModules()
        .build();
  }

  public JsonMapper mapper() {
    return mapper;
  }

  /** The first event of a run: its own id is the run's correlation id. */
  public EventEnvelope start(String runId, Object payload) {
    String id = UUID.randomUUID().toString();
    return build(id, runId, payload, id, null);
  }

  /** An event caused by {@code cause}, in the same run and correlation. */
  public EventEnvelope follow(EventEnvelope cause, Object payload) {
    return build(
        UUID.randomUUID().toString(), cause.subject(), payload, cause.correlationid(), cause.id());
  }

  private EventEnvelope build(
      String id, String runId, Object payload, String correlationId, String causationId) {
    EventType type = EventType.of(payload.getClass());
    return new EventEnvelope(
        EventEnvelope.SPEC_VERSION,
        id,
        source,
        type.wireName(),
        runId,
        Instant.now(clock),
        correlationId,
        causationId,
        "application/json",
        mapper.valueToTree(payload));
  }

  /** The envelope's logical type; unknown types are an {@link UnknownEventTypeException}. */
  public EventType typeOf(EventEnvelope envelope) {
    return EventType.fromWireName(envelope.type())
        .orElseThrow(() -> new UnknownEventTypeException(envelope.type()));
  }

  /** Reads the payload as the record its type names. */
  public Object payload(EventEnvelope envelope) {
    return payload(envelope, typeOf(envelope).payloadType());
  }

  public <T> T payload(EventEnvelope envelope, Class<T> type) {
    if (!typeOf(envelope).payloadType().equals(type)) {
      throw new IllegalArgumentException(
          "Event " + envelope.id() + " of type " + envelope.type() + " does not hold a " + type);
    }
    try {
      return mapper.treeToValue(envelope.data(), type);
    } catch (JacksonException e) {
      throw new MalformedEventException(
          "Event " + envelope.id() + " of type " + envelope.type() + " has unreadable data", e);
    }
  }

  public String toJson(EventEnvelope envelope) {
    return mapper.writeValueAsString(envelope);
  }

  public EventEnvelope fromJson(String json) {
    return mapper.readValue(json, EventEnvelope.class);
  }
}
