package org.ckanmigrate.cli.spec;

import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ckanmigrate.contract.spec.RunSpec;
import org.ckanmigrate.contract.spec.RunSpecValidator;
import org.ckanmigrate.contract.spec.SecretRef;
import org.ckanmigrate.contract.spec.SpecProblem;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads a run spec YAML file: keys in kebab-case, exactly the fields of {@link RunSpec}'s records.
 * Every problem is collected before anything starts: unknown keys, wrong types, then the semantic
 * checks of {@link RunSpecValidator}.
 */
public final class RunSpecFile {

  private static final Set<Class<?>> SCALARS =
      Set.of(String.class, int.class, Integer.class, boolean.class, Boolean.class, long.class);

  private final YAMLMapper yaml =
      YAMLMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          // enum values read in any case: harvest-sources: drop, tags: KEEP
          .enable(tools.jackson.databind.MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
          .build();

  /** The outcome of reading a spec: the spec if it could be read, and every problem found. */
  public record Loaded(RunSpec spec, List<SpecProblem> problems) {
    public boolean ok() {
      return problems.isEmpty();
    }
  }

  public Loaded load(Path file, String startPhase) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      return new Loaded(null, List.of(new SpecProblem(file.toString(), "no such file")));
    } catch (IOException e) {
      return new Loaded(null, List.of(new SpecProblem(file.toString(), "cannot be read: " + e)));
    }
    return parse(text, startPhase);
  }

  public Loaded parse(String text, String startPhase) {
    JsonNode tree;
    try {
      tree = yaml.readTree(text);
    } catch (JacksonException e) {
      return new Loaded(
          null, List.of(new SpecProblem("(yaml)", "not valid YAML: " + e.getOriginalMessage())));
    }
    if (tree == null || tree.isMissingNode() || tree.isNull()) {
      return new Loaded(null, List.of(new SpecProblem("(spec)", "the file is empty")));
    }
    List<SpecProblem> problems = new ArrayList<>();
    check(tree, RunSpec.class, "", problems);
    if (!problems.isEmpty()) {
      return new Loaded(null, problems);
    }
    RunSpec spec;
    try {
      spec = yaml.treeToValue(tree, RunSpec.class);
    } catch (JacksonException e) {
      return new Loaded(null, List.of(new SpecProblem("(spec)", e.getOriginalMessage())));
    }
    problems.addAll(RunSpecValidator.validate(spec, startPhase));
    return new Loaded(spec, problems);
  }

  /** Compares the YAML tree with the record it must become: unknown keys and wrong kinds. */
  private void check(JsonNode node, Type type, String path, List<SpecProblem> problems) {
    Class<?> raw = rawClass(type);
    if (node.isNull()) {
      return;
    }
    if (raw == SecretRef.class && node.isString()) {
      problems.add(
          new SpecProblem(
              path, "secrets are never written in the spec; use {file: /path} or {env: VARIABLE}"));
      return;
    }
    if (raw.isRecord()) {
      if (!node.isObject()) {
        problems.add(new SpecProblem(path, "must be a mapping of keys"));
        return;
      }
      Map<String, RecordComponent> components = new java.util.LinkedHashMap<>();
      for (RecordComponent c : raw.getRecordComponents()) {
        components.put(kebab(c.getName()), c);
      }
      for (Iterator<String> names = node.propertyNames().iterator(); names.hasNext(); ) {
        String name = names.next();
        String key = path.isEmpty() ? name : path + "." + name;
        RecordComponent c = components.get(name);
        if (c == null) {
          problems.add(new SpecProblem(key, "unknown key; expected one of " + components.keySet()));
        } else {
          check(node.get(name), c.getGenericType(), key, problems);
        }
      }
    } else if (List.class.isAssignableFrom(raw)) {
      if (!node.isArray()) {
        problems.add(new SpecProblem(path, "must be a list"));
        return;
      }
      Type element = ((ParameterizedType) type).getActualTypeArguments()[0];
      for (int i = 0; i < node.size(); i++) {
        check(node.get(i), element, path + "[" + i + "]", problems);
      }
    } else if (Map.class.isAssignableFrom(raw)) {
      if (!node.isObject()) {
        problems.add(new SpecProblem(path, "must be a mapping of keys"));
      }
    } else if (raw == int.class || raw == Integer.class || raw == long.class) {
      if (!node.isIntegralNumber()) {
        problems.add(
            new SpecProblem(path, "must be a whole number, not '" + node.asString() + "'"));
      }
    } else if (raw == boolean.class || raw == Boolean.class) {
      if (!node.isBoolean()) {
        problems.add(new SpecProblem(path, "must be true or false, not '" + node.asString() + "'"));
      }
    } else if (raw.isEnum()) {
      var names = java.util.Arrays.stream(raw.getEnumConstants()).map(Object::toString).toList();
      if (!node.isString() || names.stream().noneMatch(n -> n.equalsIgnoreCase(node.asString()))) {
        problems.add(new SpecProblem(path, "must be one of " + names));
      }
    } else if (raw == java.time.Duration.class) {
      if (!node.isString()) {
        problems.add(new SpecProblem(path, "must be an ISO-8601 duration such as PT2H"));
      } else {
        try {
          java.time.Duration.parse(node.asString());
        } catch (java.time.format.DateTimeParseException e) {
          problems.add(
              new SpecProblem(
                  path, "'" + node.asString() + "' is not an ISO-8601 duration such as PT2H"));
        }
      }
    } else if (raw == String.class && !node.isValueNode()) {
      problems.add(new SpecProblem(path, "must be a single value"));
    } else if (!SCALARS.contains(raw) && !raw.isRecord()) {
      problems.add(new SpecProblem(path, "cannot be read"));
    }
  }

  private static Class<?> rawClass(Type type) {
    if (type instanceof Class<?> c) {
      return c;
    }
    return (Class<?>) ((ParameterizedType) type).getRawType();
  }

  static String kebab(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
  }

  /** The spec as JSON with kebab-case keys, for showing back to the operator. */
  public String toYaml(RunSpec spec) {
    return yaml.writeValueAsString(spec);
  }
}
