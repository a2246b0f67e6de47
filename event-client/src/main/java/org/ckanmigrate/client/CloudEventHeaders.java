package org.ckanmigrate.client;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.ckanmigrate.contract.event.EventEnvelope;

/**
 * The CloudEvents Kafka-binding headers ({@code ce_id}, {@code ce_type}, ...) mirrored beside the
 * structured body, so dead-letter triage and filtering work without parsing the body. Services and
 * outside publishers write the same set.
 */
public final class CloudEventHeaders {

  private CloudEventHeaders() {}

  public static void add(Headers headers, EventEnvelope event) {
    add(headers, "ce_specversion", event.specversion());
    add(headers, "ce_id", event.id());
    add(headers, "ce_source", event.source());
    add(headers, "ce_type", event.type());
    add(headers, "ce_subject", event.subject());
    add(headers, "content-type", EventEnvelope.CONTENT_TYPE);
  }

  private static void add(Headers headers, String name, String value) {
    if (value != null) {
      headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
  }
}
