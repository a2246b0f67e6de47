package org.ckanmigrate.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.ckanmigrate.cli.ExitCodes;
import org.ckanmigrate.client.KafkaAccess;
import org.ckanmigrate.contract.event.EventEnvelope;
import org.ckanmigrate.contract.event.EventType;
import org.ckanmigrate.contract.event.RunRequested;
import org.ckanmigrate.contract.event.Topics;
import org.ckanmigrate.contract.spec.RunSpec;
import org.ckanmigrate.stack.net.FreePorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The one-machine stack with a broker that requires SASL/SCRAM logins and enforces ACLs: a client
 * without a login, and a logged-in principal without ACLs, cannot start a run (nothing reaches the
 * services); the services and the operator's CLI, logged in with their generated passwords, run a
 * whole migration.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class KafkaAuthEndToEndIT {

  private static DemoStack stack;
  private static Path work;
  private static Path spec;

  @BeforeAll
  static void startStack() throws Exception {
    work = Files.createTempDirectory("ckan-migrate-auth");
    stack =
        DemoStack.builder(DemoStack.projectDir(), work)
            .datasets(100)
            .seed(5)
            .authenticate(true)
            .kafkaPort(FreePorts.consecutive(2))
            .firstServicePort(FreePorts.consecutive(4))
            .start(new PrintWriter(System.out, true));
    spec = DemoSpec.write(stack, work, "ckan_auth");
  }

  @AfterAll
  static void stopStack() {
    if (stack != null) {
      stack.close();
    }
  }

  @Test
  @Order(1)
  void aClientWithoutALoginCannotStartARun() throws Exception {
    String runId = "no-login";
    try (KafkaProducer<String, byte[]> producer =
        producer(Map.of("bootstrap.servers", stack.bootstrapServers()))) {
      assertThatThrownBy(() -> producer.send(request(runId)).get(20, TimeUnit.SECONDS))
          .isInstanceOfAny(
              ExecutionException.class,
              org.apache.kafka.common.errors.TimeoutException.class,
              java.util.concurrent.TimeoutException.class);
    }
    // Nor can the CLI without its login: it says so and nothing is sent.
    StringWriter out = new StringWriter();
    int code =
        EndToEnd.cli(
            out,
            "run",
            spec.toString(),
            "--run-id",
            runId,
            "--detach",
            "--kafka",
            stack.bootstrapServers());
    assertThat(code).as(out.toString()).isNotZero();
    assertNeverStarted(runId);
  }

  @Test
  @Order(2)
  void aLoggedInPrincipalWithoutAclsCannotStartARun() throws Exception {
    String runId = "no-acl";
    Path password = work.resolve("intruder.password");
    Files.writeString(password, "intruder-password-1");
    try (Admin admin =
        Admin.create(stack.kafkaAuth().admin(stack.bootstrapServers()).clientProperties())) {
      admin
          .alterUserScramCredentials(
              List.of(
                  new UserScramCredentialUpsertion(
                      "intruder",
                      new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 8192),
                      "intruder-password-1")))
          .all()
          .get(30, TimeUnit.SECONDS);
    }
    KafkaAccess intruder =
        new KafkaAccess(stack.bootstrapServers(), "intruder", password, "SCRAM-SHA-512");
    try (KafkaProducer<String, byte[]> producer = producer(intruder.clientProperties())) {
      assertThatThrownBy(() -> producer.send(request(runId)).get(20, TimeUnit.SECONDS))
          .hasCauseInstanceOf(TopicAuthorizationException.class);
    }
    // The operator's own login may write the events topic, but not the services' work topic.
    try (KafkaProducer<String, byte[]> producer =
        producer(stack.operatorAccess().clientProperties())) {
      assertThatThrownBy(
              () ->
                  producer
                      .send(new ProducerRecord<>(Topics.REINDEX_WORK, "x", new byte[] {'{', '}'}))
                      .get(20, TimeUnit.SECONDS))
          .hasCauseInstanceOf(TopicAuthorizationException.class);
    }
    assertNeverStarted(runId);
  }

  @Test
  @Order(3)
  void theServicesAndTheOperatorLoggedInRunAWholeMigration() {
    StringWriter out = new StringWriter();
    List<String> args = new ArrayList<>(List.of("run", spec.toString(), "--run-id", "with-logins"));
    args.addAll(stack.cliKafkaOptions());
    int code = EndToEnd.cli(out, args.toArray(String[]::new));

    assertThat(code).as(out.toString()).isEqualTo(ExitCodes.OK);
    assertThat(out.toString()).contains("Run with-logins SUCCEEDED");
    List<EventEnvelope> events = EndToEnd.events(stack, "with-logins");
    assertThat(EndToEnd.ids(events, EventType.INDEX_COMPLETED)).hasSize(1);
    assertThat(EndToEnd.ids(events, EventType.PHASE_FAILED)).isEmpty();
    // The passwords are in owner-only files, on no command line the services were started with.
    for (String user : List.of("admin", "ckan-migrate-services", "ckan-migrate-operator")) {
      assertThat(work.resolve("kafka").resolve("secrets").resolve(user + ".password"))
          .isRegularFile();
    }
  }

  private static ProducerRecord<String, byte[]> request(String runId) {
    RunSpec runSpec = new org.ckanmigrate.cli.spec.RunSpecFile().load(spec, null).spec();
    EventEnvelope envelope = EndToEnd.codec.start(runId, new RunRequested(runSpec, null, null));
    return new ProducerRecord<>(
        Topics.EVENTS, runId, EndToEnd.codec.toJson(envelope).getBytes(StandardCharsets.UTF_8));
  }

  private static KafkaProducer<String, byte[]> producer(Map<String, Object> access) {
    Map<String, Object> props = new java.util.HashMap<>(access);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000);
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    return new KafkaProducer<>(props);
  }

  /** No event of the run on the topic, and no service recorded it. */
  private static void assertNeverStarted(String runId) throws Exception {
    assertThat(EndToEnd.events(stack, runId)).isEmpty();
    for (var db : stack.stateDbs.values()) {
      try (Connection c = db.connect();
          Statement st = c.createStatement();
          ResultSet rs =
              st.executeQuery(
                  "SELECT count(*) FROM ckan_migrate_state.run_spec WHERE run_id = '"
                      + runId
                      + "'")) {
        rs.next();
        assertThat(rs.getLong(1)).as(db.name()).isZero();
      }
    }
  }
}
