package org.ckanmigrate.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.ckanmigrate.client.EventStreamReader;
import org.ckanmigrate.contract.event.EventCodec;
import org.ckanmigrate.contract.event.EventEnvelope;
import org.ckanmigrate.contract.event.Topics;
import org.ckanmigrate.contract.secret.Scrubber;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ckan-migrate dead-letters list|replay}: what the services could not process (each record
 * with why, scrubbed), and putting chosen records back on their topic once the cause is fixed. A
 * replayed event that was processed meanwhile is ignored by the services' inbox, so replaying twice
 * is harmless.
 */
@Command(
    name = "dead-letters",
    description = "List the records the services dead-lettered, or replay chosen ones.",
    subcommands = {DeadLettersCommand.ListDeadLetters.class, DeadLettersCommand.Replay.class})
class DeadLettersCommand {

  static final String REPLAYED_HEADER = "ckan-migrate-replayed-from";

  /** Which dead-letter topic, and optionally one run's records only. */
  static class Selection {
    @Option(
        names = "--topic",
        defaultValue = "events",
        description = "events or reindex-work (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--run", paramLabel = "RUN", description = "Only this run's records.")
    String run;

    String original() {
      return switch (topic) {
        case "events" -> Topics.EVENTS;
        case "reindex-work" -> Topics.REINDEX_WORK;
        default -> null;
      };
    }

    /** Null when the topic is known, else the message to print. */
    String problem() {
      return original() != null
          ? null
          : "--topic must be events or reindex-work, got '" + topic + "'; nothing was done";
    }

    /**
     * Whether a record's key belongs to {@code run}: events are keyed by the run id, reindex work
     * items by {@code run/batch} (with a suffix that picks their partition).
     */
    static boolean ofRun(String key, String run) {
      return key != null && (key.equals(run) || key.startsWith(run + "/"));
    }

    List<ConsumerRecord<String, byte[]>> read(org.ckanmigrate.client.KafkaAccess bootstrap) {
      String dlt = Topics.deadLetter(original());
      try (var reader = new EventStreamReader(bootstrap, new EventCodec("/ckan-migrate/cli"))) {
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        for (var r : reader.readRaw(dlt, Duration.ofSeconds(15))) {
          if (run == null || ofRun(r.key(), run)) {
            out.add(r);
          }
        }
        return out;
      }
    }
  }

  @Command(name = "list", description = "Show dead-lettered records with why each failed.")
  static class ListDeadLetters implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec command;
    @Mixin KafkaOptions kafka;
    @Mixin Selection selection;

    @Override
    public Integer call() {
      PrintWriter out = command.commandLine().getOut();
      if (selection.problem() != null) {
        command.commandLine().getErr().println(selection.problem());
        return ExitCodes.USAGE;
      }
      List<ConsumerRecord<String, byte[]>> records = selection.read(kafka.access());
      String dlt = Topics.deadLetter(selection.original());
      if (records.isEmpty()) {
        out.println(
            "No dead-lettered records in "
                + dlt
                + (selection.run == null ? "" : " for run " + selection.run)
                + ".");
        return ExitCodes.OK;
      }
      out.printf(
          "%-9s  %-24s  %-36s  %-40s  %s%n", "position", "dead-lettered", "run", "event", "why");
      for (var r : records) {
        out.printf(
            "%-9s  %-24s  %-36s  %-40s  %s%n",
            r.partition() + ":" + r.offset(),
            Instant.ofEpochMilli(r.timestamp()),
            r.key(),
            describe(r.value()),
            Scrubber.scrub(header(r, "kafka_dlt-exception-message", "")));
      }
      out.println(
          records.size()
              + " record(s) in "
              + dlt
              + ". Fix the cause, then: ckan-migrate dead-letters replay --position P:O (or --all)");
      return ExitCodes.OK;
    }
  }

  @Command(name = "replay", description = "Put chosen dead-lettered records back on their topic.")
  static class Replay implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec command;
    @Mixin KafkaOptions kafka;
    @Mixin Selection selection;

    @ArgGroup(multiplicity = "1")
    Which which;

    static class Which {
      @Option(
          names = "--position",
          paramLabel = "P:O",
          split = ",",
          description = "The records to replay, as partition:offset (see list).")
      List<String> positions;

      @Option(names = "--all", description = "Every record listed (with --run: that run's).")
      boolean all;
    }

    @Override
    public Integer call() throws Exception {
      PrintWriter out = command.commandLine().getOut();
      PrintWriter err = command.commandLine().getErr();
      if (selection.problem() != null) {
        err.println(selection.problem());
        return ExitCodes.USAGE;
      }
      List<ConsumerRecord<String, byte[]>> records = selection.read(kafka.access());
      Set<String> wanted = which.all ? null : new LinkedHashSet<>(which.positions);
      List<ConsumerRecord<String, byte[]>> chosen = new ArrayList<>();
      for (var r : records) {
        if (wanted == null || wanted.remove(r.partition() + ":" + r.offset())) {
          chosen.add(r);
        }
      }
      if (wanted != null && !wanted.isEmpty()) {
        err.println(
            "No dead-lettered record at "
                + String.join(", ", wanted)
                + " in "
                + Topics.deadLetter(selection.original())
                + (selection.run == null ? "" : " for run " + selection.run)
                + "; nothing was replayed. See: ckan-migrate dead-letters list");
        return ExitCodes.USAGE;
      }
      try (var producer = producer(kafka.access())) {
        for (var r : chosen) {
          String topic = header(r, "kafka_dlt-original-topic", selection.original());
          var record = new ProducerRecord<>(topic, r.key(), r.value());
          record
              .headers()
              .add(
                  REPLAYED_HEADER,
                  (r.topic() + "/" + r.partition() + ":" + r.offset())
                      .getBytes(StandardCharsets.UTF_8));
          producer.send(record).get(30, TimeUnit.SECONDS);
          out.println(
              "replayed "
                  + r.partition()
                  + ":"
                  + r.offset()
                  + " ("
                  + describe(r.value())
                  + ") to "
                  + topic);
        }
      }
      out.println(
          chosen.size()
              + " record(s) replayed; an event processed meanwhile is ignored by the services.");
      return ExitCodes.OK;
    }

    private static KafkaProducer<String, byte[]> producer(
        org.ckanmigrate.client.KafkaAccess bootstrap) {
      Properties p = new Properties();
      p.putAll(bootstrap.clientProperties());
      p.put(ProducerConfig.ACKS_CONFIG, "all");
      p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
      p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
      p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
      return new KafkaProducer<>(p);
    }
  }

  /** The event's type and id, or what kind of bytes it is when it is not an envelope. */
  static String describe(byte[] value) {
    if (value == null) {
      return "(no value)";
    }
    try {
      EventEnvelope e =
          new EventCodec("/ckan-migrate/cli").fromJson(new String(value, StandardCharsets.UTF_8));
      return e.type() + " " + e.id();
    } catch (RuntimeException e) {
      return "unreadable (" + value.length + " bytes)";
    }
  }

  private static String header(ConsumerRecord<?, ?> r, String name, String otherwise) {
    Header h = r.headers().lastHeader(name);
    return h == null || h.value() == null
        ? otherwise
        : new String(h.value(), StandardCharsets.UTF_8);
  }
}
