package org.ckanmigrate.cli.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ckanmigrate.contract.spec.RunSpec;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * {@code docs/run-spec.schema.json}, the run spec's JSON Schema for editors (the example spec names
 * it for the YAML language server), is derived from the spec's records and their {@code @param}
 * documentation; this test fails when it is out of date. Regenerate with {@code ./mvnw -pl cli test
 * -Dtest=RunSpecSchemaTest -Dckan.regenerate.schema=true}.
 */
class RunSpecSchemaTest {

  private static final Path SCHEMA = Path.of("..", "docs", "run-spec.schema.json");
  private static final Path SPEC_SOURCES =
      Path.of("..", "contract", "src", "main", "java", "org", "ckanmigrate", "contract", "spec");
  private static final JsonMapper JSON =
      JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

  @Test
  void thePublishedSchemaIsTheOneTheRecordsDescribe() throws IOException {
    String generated = JSON.writeValueAsString(schema()) + "\n";
    if (Boolean.getBoolean("ckan.regenerate.schema")) {
      Files.writeString(SCHEMA, generated);
    }
    assertThat(Files.readString(SCHEMA))
        .as("docs/run-spec.schema.json is out of date; regenerate it (see this test's comment)")
        .isEqualTo(generated);
  }

  @Test
  void everyKeyOfTheExampleSpecIsInTheSchema() throws IOException {
    Map<?, ?> example =
        YAMLMapper.builder()
            .build()
            .readValue(Path.of("..", "docs", "run-spec.example.yaml").toFile(), Map.class);
    Map<?, ?> schema = JSON.readValue(SCHEMA.toFile(), Map.class);
    List<String> unknown = new ArrayList<>();
    keys(example, schema, schema, "", unknown);
    assertThat(unknown).isEmpty();
    assertThat(Files.readString(Path.of("..", "docs", "run-spec.example.yaml")))
        .startsWith("# yaml-language-server: $schema=run-spec.schema.json");
  }

  private static void keys(
      Object value, Map<?, ?> node, Map<?, ?> root, String at, List<String> unknown) {
    if (node.containsKey("$ref")) {
      String name = ((String) node.get("$ref")).substring("#/$defs/".length());
      node = (Map<?, ?>) ((Map<?, ?>) root.get("$defs")).get(name);
    }
    if (value instanceof Map<?, ?> map && node.get("properties") instanceof Map<?, ?> props) {
      for (var e : map.entrySet()) {
        Object child = props.get(e.getKey());
        if (child == null) {
          unknown.add(at + e.getKey());
        } else {
          keys(e.getValue(), (Map<?, ?>) child, root, at + e.getKey() + ".", unknown);
        }
      }
    } else if (value instanceof List<?> list && node.get("items") instanceof Map<?, ?> items) {
      for (Object item : list) {
        keys(item, items, root, at, unknown);
      }
    }
  }

  /** The schema of {@link RunSpec}: one definition per record, kebab-case keys as the file has. */
  static Map<String, Object> schema() throws IOException {
    Map<String, Object> defs = new LinkedHashMap<>();
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
    root.put("$id", "https://github.com/ckan-migrate/ckan-migrate/docs/run-spec.schema.json");
    root.put("title", "ckan-migrate run spec");
    root.put(
        "description",
        "One file describes a whole migration (docs/run-spec.example.yaml). Generated from the"
            + " run spec's records by RunSpecSchemaTest; secrets only as {file} or {env}"
            + " references.");
    root.putAll(object(RunSpec.class, defs));
    root.put("$defs", defs);
    return root;
  }

  private static Map<String, Object> object(Class<?> record, Map<String, Object> defs)
      throws IOException {
    Map<String, String> docs = params(record);
    Map<String, Object> properties = new LinkedHashMap<>();
    for (RecordComponent c : record.getRecordComponents()) {
      Map<String, Object> property = new LinkedHashMap<>(type(c.getGenericType(), defs));
      String doc = docs.get(c.getName());
      if (doc != null) {
        property.put("description", doc);
      }
      properties.put(kebab(c.getName()), property);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("type", "object");
    out.put("properties", properties);
    out.put("additionalProperties", false);
    return out;
  }

  private static Map<String, Object> type(Type type, Map<String, Object> defs) throws IOException {
    if (type instanceof ParameterizedType p) {
      Class<?> raw = (Class<?>) p.getRawType();
      Type[] args = p.getActualTypeArguments();
      if (List.class.isAssignableFrom(raw)) {
        return ordered("type", "array", "items", type(args[0], defs));
      }
      if (Map.class.isAssignableFrom(raw)) {
        return ordered("type", "object", "additionalProperties", type(args[1], defs));
      }
    }
    Class<?> c = (Class<?>) type;
    if (c == String.class) {
      return ordered("type", "string");
    }
    if (c == int.class || c == Integer.class || c == long.class || c == Long.class) {
      return ordered("type", "integer");
    }
    if (c == boolean.class || c == Boolean.class) {
      return ordered("type", "boolean");
    }
    if (c == Duration.class) {
      return ordered("type", "string", "format", "duration");
    }
    if (c.isEnum()) {
      List<String> values = new ArrayList<>();
      for (Object v : c.getEnumConstants()) {
        values.add(((Enum<?>) v).name().toLowerCase(Locale.ROOT));
      }
      // Read in any case; the schema offers the lower-case forms the example uses.
      return ordered("type", "string", "enum", values);
    }
    if (c.isRecord()) {
      if (!defs.containsKey(c.getSimpleName())) {
        defs.put(c.getSimpleName(), ordered()); // a placeholder against cycles
        defs.put(c.getSimpleName(), object(c, defs));
      }
      return ordered("$ref", "#/$defs/" + c.getSimpleName());
    }
    throw new IllegalStateException("no schema type for " + type + "; add one here");
  }

  // The @param tags of the record's Javadoc, one line each.
  private static Map<String, String> params(Class<?> record) throws IOException {
    Class<?> top = record;
    while (top.getEnclosingClass() != null) {
      top = top.getEnclosingClass();
    }
    Path source = SPEC_SOURCES.resolve(top.getSimpleName() + ".java");
    Map<String, String> out = new LinkedHashMap<>();
    if (!Files.exists(source)) {
      return out;
    }
    String text = Files.readString(source);
    int declaration = text.indexOf("record " + record.getSimpleName() + "(");
    int docStart = text.lastIndexOf("/**", declaration);
    if (declaration < 0 || docStart < 0) {
      return out;
    }
    String doc = text.substring(docStart, text.indexOf("*/", docStart));
    Matcher m =
        Pattern.compile("@param (\\w+) (.*?)(?=\\n\\s*\\*\\s*@|\\z)", Pattern.DOTALL).matcher(doc);
    while (m.find()) {
      String described =
          Arrays.stream(m.group(2).split("\\n"))
              .map(l -> l.replaceFirst("^\\s*\\*\\s?", "").strip())
              .filter(l -> !l.isEmpty())
              .reduce((a, b) -> a + " " + b)
              .orElse("")
              .replaceAll("\\{@(?:code|link) ([^}]*)}", "$1");
      out.put(m.group(1), described);
    }
    return out;
  }

  // Map.of's order changes from one JVM to the next; the file must not.
  private static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      out.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return out;
  }

  private static String kebab(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
  }
}
