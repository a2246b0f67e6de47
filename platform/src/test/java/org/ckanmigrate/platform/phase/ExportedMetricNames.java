package org.ckanmigrate.platform.phase;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.ckanmigrate.contract.event.ErrorCode;

/**
 * The Prometheus series names the services export, obtained by registering meters in a real {@link
 * PrometheusMeterRegistry} and scraping it, so Micrometer's own naming convention decides the
 * suffixes ({@code _seconds}, {@code _total}, a long task timer's {@code _active_count}...).
 *
 * <p>The meters come from the code, never from a hand-kept list: {@link PhaseMetrics} is exercised
 * directly; meters declared elsewhere (Kafka dead-lettering in the platform, each service's own
 * meters) are found by {@link #declaredInSources scanning the main sources} for Micrometer builder
 * calls on {@code ckan.migration.*} names and registered with the same type and base unit. Kafka
 * client and JVM memory meters come from the same Micrometer binders Spring Boot uses.
 */
final class ExportedMetricNames {

  /** A {@code ckan.migration.*} meter as declared in the sources. */
  record Declared(String type, String name, String baseUnit, boolean histogram, String where) {}

  private static final String PREFIX = "ckan.migration.";

  private static final Pattern BUILDER =
      Pattern.compile(
          "\\b(Counter|Timer|Gauge|LongTaskTimer|DistributionSummary|FunctionCounter|TimeGauge)"
              + "\\s*\\.\\s*builder\\s*\\(\\s*(\"[^\"]*\"|[A-Za-z_][\\w.]*)");
  private static final Pattern STRING_CONSTANT =
      Pattern.compile("\\bString\\s+([A-Za-z_]\\w*)\\s*=\\s*\"(ckan\\.migration\\.[^\"]*)\"");
  private static final Pattern LITERAL = Pattern.compile("\"(ckan\\.migration\\.[^\"]*)\"");
  private static final Pattern BASE_UNIT =
      Pattern.compile("\\.\\s*baseUnit\\s*\\(\\s*(\"[^\"]*\"|[A-Za-z_][\\w.]*)\\s*\\)");
  private static final Pattern HISTOGRAM =
      Pattern.compile("\\.\\s*(serviceLevelObjectives|publishPercentileHistogram|sla)\\s*\\(");

  private ExportedMetricNames() {}

  /** Series names of PhaseMetrics, by calling every one of its meters. */
  static Set<String> ofPhaseMetrics() {
    return scrape(
        registry -> {
          PhaseMetrics metrics = new PhaseMetrics(registry);
          metrics.preRegister("dump");
          metrics.duration("dump", "succeeded").record(Duration.ofMinutes(3));
          metrics.active("dump").start();
          metrics.run("succeeded");
          metrics.duplicate("dump-service");
          metrics.staleResult("dump");
          metrics.failure("dump", ErrorCode.AUTH_FAILED);
          metrics.progressed("dump");
        });
  }

  /** Series names of the declared meters, each registered as its declaration says. */
  static Set<String> of(List<Declared> declared) {
    return scrape(registry -> declared.forEach(d -> register(registry, d)));
  }

  /** Kafka consumer client metrics, bound the way Spring Boot binds them (KafkaClientMetrics). */
  static Set<String> ofKafkaConsumer() {
    Properties config = new Properties();
    // Constructing a consumer does not connect: no broker is needed to list its metrics.
    config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9");
    config.put(ConsumerConfig.GROUP_ID_CONFIG, "metric-names");
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
      KafkaClientMetrics metrics = new KafkaClientMetrics(consumer);
      try {
        return scrape(metrics::bindTo);
      } finally {
        metrics.close();
      }
    }
  }

  static Set<String> ofJvmMemory() {
    return scrape(registry -> new JvmMemoryMetrics().bindTo(registry));
  }

  /**
   * Every {@code ckan.migration.*} meter declared in {@code <module>/src/main/java} of the project.
   * A {@code ckan.migration.*} string the scanner cannot attribute to a builder call fails loudly,
   * so a meter is never silently left out of the set.
   */
  static List<Declared> declaredInSources(Path projectDir) {
    List<Declared> declared = new ArrayList<>();
    Map<String, Path> mentioned = new java.util.TreeMap<>();
    List<Path> files = mainSources(projectDir);
    // Constants project-wide: a meter class may name its meters with another class's constants.
    Map<String, String> constants = new java.util.HashMap<>();
    for (Path file : files) {
      STRING_CONSTANT
          .matcher(read(file))
          .results()
          .forEach(m -> constants.put(m.group(1), m.group(2)));
    }
    for (Path file : files) {
      String source = read(file);
      Matcher builder = BUILDER.matcher(source);
      while (builder.find()) {
        String name = resolve(builder.group(2), constants);
        if (name == null || !name.startsWith(PREFIX)) {
          continue;
        }
        int end = source.indexOf(".register(", builder.end());
        String chain = end < 0 ? "" : source.substring(builder.end(), end);
        Matcher unit = BASE_UNIT.matcher(chain);
        String baseUnit = unit.find() ? baseUnit(unit.group(1), file) : null;
        declared.add(
            new Declared(
                builder.group(1),
                name,
                baseUnit,
                HISTOGRAM.matcher(chain).find(),
                projectDir.relativize(file).toString()));
      }
      LITERAL.matcher(source).results().forEach(m -> mentioned.putIfAbsent(m.group(1), file));
    }
    Set<String> declaredNames = declared.stream().map(Declared::name).collect(Collectors.toSet());
    List<String> unattributed =
        mentioned.entrySet().stream()
            .filter(e -> !declaredNames.contains(e.getKey()))
            .map(e -> e.getKey() + " in " + projectDir.relativize(e.getValue()))
            .toList();
    if (!unattributed.isEmpty()) {
      throw new IllegalStateException(
          "Meter names not declared through a Micrometer builder call the scanner recognises"
              + " (Counter/Timer/Gauge/LongTaskTimer/DistributionSummary/FunctionCounter/TimeGauge"
              + ".builder(name)): "
              + unattributed
              + ". Declare them with a builder, or teach ExportedMetricNames the new form.");
    }
    return declared;
  }

  private static void register(MeterRegistry registry, Declared d) {
    switch (d.type()) {
      case "Counter" -> Counter.builder(d.name()).baseUnit(d.baseUnit()).register(registry);
      case "FunctionCounter" ->
          FunctionCounter.builder(d.name(), registry, r -> 1.0)
              .baseUnit(d.baseUnit())
              .register(registry);
      case "Gauge" -> Gauge.builder(d.name(), () -> 1.0).baseUnit(d.baseUnit()).register(registry);
      case "TimeGauge" ->
          TimeGauge.builder(d.name(), () -> 1.0, TimeUnit.SECONDS).register(registry);
      case "DistributionSummary" -> {
        DistributionSummary.Builder b =
            DistributionSummary.builder(d.name()).baseUnit(d.baseUnit());
        if (d.histogram()) {
          b.serviceLevelObjectives(1.0, 10.0);
        }
        b.register(registry).record(5.0);
      }
      case "Timer" -> {
        Timer.Builder b = Timer.builder(d.name());
        if (d.histogram()) {
          b.serviceLevelObjectives(Duration.ofSeconds(1), Duration.ofMinutes(1));
        }
        b.register(registry).record(Duration.ofSeconds(2));
      }
      case "LongTaskTimer" -> LongTaskTimer.builder(d.name()).register(registry).start();
      default -> throw new IllegalStateException("Unknown meter type " + d.type());
    }
  }

  private static Set<String> scrape(Consumer<MeterRegistry> meters) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    try {
      meters.accept(registry);
      return registry
          .scrape()
          .lines()
          .filter(line -> !line.isBlank() && !line.startsWith("#"))
          .map(line -> line.split("[{ ]", 2)[0])
          .collect(Collectors.toCollection(TreeSet::new));
    } finally {
      registry.close();
    }
  }

  private static String resolve(String argument, Map<String, String> constants) {
    if (argument.startsWith("\"")) {
      return argument.substring(1, argument.length() - 1);
    }
    return constants.get(argument.substring(argument.lastIndexOf('.') + 1));
  }

  private static String baseUnit(String argument, Path file) {
    if (argument.startsWith("\"")) {
      return argument.substring(1, argument.length() - 1);
    }
    String field = argument.substring(argument.lastIndexOf('.') + 1);
    try {
      return (String) BaseUnits.class.getField(field).get(null);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(
          "Base unit " + argument + " in " + file + " is neither a literal nor a BaseUnits field");
    }
  }

  private static List<Path> mainSources(Path projectDir) {
    try (Stream<Path> modules = Files.list(projectDir)) {
      List<Path> files = new ArrayList<>();
      for (Path main :
          modules.map(m -> m.resolve("src/main/java")).filter(Files::isDirectory).toList()) {
        try (Stream<Path> walk = Files.walk(main)) {
          walk.filter(p -> p.toString().endsWith(".java")).sorted().forEach(files::add);
        }
      }
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
