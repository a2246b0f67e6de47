package org.ckanmigrate.contract.secret;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import org.ckanmigrate.contract.spec.SecretRef;

/**
 * Reads a secret at the moment of use from the file or environment variable its {@link SecretRef}
 * names. Errors name the reference, never a value.
 */
public final class SecretResolver {

  private final Function<String, String> environment;

  public SecretResolver() {
    this(System::getenv);
  }

  public SecretResolver(Map<String, String> environment) {
    this(environment::get);
  }

  private SecretResolver(Function<String, String> environment) {
    this.environment = environment;
  }

  /** The secret's value, with one trailing newline of a file removed. */
  public char[] resolve(SecretRef ref) {
    if (ref == null || (ref.file() == null) == (ref.env() == null)) {
      throw new IllegalArgumentException(
          "A secret reference needs exactly one of 'file' or 'env' (got " + ref + ")");
    }
    if (ref.env() != null) {
      String value = environment.apply(ref.env());
      if (value == null) {
        throw new IllegalStateException(
            "Environment variable " + ref.env() + " is not set; export it before starting");
      }
      return value.toCharArray();
    }
    Path file = Path.of(ref.file());
    try {
      String value = Files.readString(file, StandardCharsets.UTF_8);
      if (value.endsWith("\n")) {
        value = value.substring(0, value.length() - (value.endsWith("\r\n") ? 2 : 1));
      }
      return value.toCharArray();
    } catch (IOException e) {
      throw new IllegalStateException(
          "Cannot read the secret file " + file + " (" + e.getClass().getSimpleName() + ")", e);
    }
  }
}
