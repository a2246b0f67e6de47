package org.ckanmigrate.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.jayway.jsonpath.JsonPath;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every option of every service is documented where it is defined and shipped as Spring Boot
 * configuration metadata ({@code META-INF/spring-configuration-metadata.json}, written by {@code
 * spring-boot-configuration-processor} from the properties records' {@code @param} tags), so IDEs
 * complete and explain {@code ckan-migrate.*} keys and an operator can list them from the jar.
 */
class ConfigurationMetadataTest {

  private static final String CONFIGURATION_PROPERTIES =
      "org.springframework.boot.context.properties.ConfigurationProperties";

  @Test
  void everyPropertiesRecordHasDescribedMetadataForEachComponent() throws IOException {
    Path root = BoundariesTest.projectDir();
    int checked = 0;
    for (String module : BoundariesTest.MODULES) {
      Path classes = root.resolve(module).resolve("target/classes");
      JavaClasses imported =
          new ClassFileImporter()
              .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
              .importPath(classes);
      List<JavaClass> records =
          imported.stream().filter(c -> c.isAnnotatedWith(CONFIGURATION_PROPERTIES)).toList();
      if (records.isEmpty()) {
        continue;
      }
      Path metadata = classes.resolve("META-INF/spring-configuration-metadata.json");
      assertThat(metadata)
          .as(
              "%s has @ConfigurationProperties records but no configuration metadata: add"
                  + " spring-boot-configuration-processor (optional) to its pom.xml",
              module)
          .exists();
      List<Map<String, Object>> properties =
          JsonPath.read(Files.readString(metadata), "$.properties[*]");
      List<String> undocumented =
          properties.stream()
              .filter(
                  p -> p.get("description") == null || p.get("description").toString().isBlank())
              .map(p -> p.get("name").toString())
              .toList();
      assertThat(undocumented)
          .as("%s options without a description (write an @param on the record component)", module)
          .isEmpty();
      List<String> names = properties.stream().map(p -> p.get("name").toString()).toList();
      for (JavaClass type : records) {
        String prefix = prefix(type);
        for (String component : components(type)) {
          String key = prefix + "." + kebab(component);
          assertThat(names.stream().anyMatch(n -> n.equals(key) || n.startsWith(key + ".")))
              .as("%s: %s has no metadata (known: %s)", type.getSimpleName(), key, names)
              .isTrue();
          checked++;
        }
      }
    }
    assertThat(checked).as("record components checked").isGreaterThan(20);
  }

  private static String prefix(JavaClass type) {
    Map<String, Object> values = type.getAnnotationOfType(CONFIGURATION_PROPERTIES).getProperties();
    String prefix = values.get("prefix").toString();
    return prefix.isEmpty() ? values.get("value").toString() : prefix;
  }

  /** A record's components: its instance fields (read from the class file, not loaded). */
  private static List<String> components(JavaClass type) {
    return type.getFields().stream()
        .filter(f -> !f.getModifiers().contains(JavaModifier.STATIC))
        .map(JavaField::getName)
        .sorted()
        .toList();
  }

  private static String kebab(String camel) {
    return camel
        .chars()
        .mapToObj(
            ch ->
                Character.isUpperCase(ch)
                    ? "-" + Character.toLowerCase((char) ch)
                    : String.valueOf((char) ch))
        .collect(Collectors.joining());
  }
}
