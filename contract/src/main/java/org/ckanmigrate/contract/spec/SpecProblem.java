package org.ckanmigrate.contract.spec;

/**
 * One thing wrong with a run spec.
 *
 * @param key the spec key at fault, as written in the YAML (e.g. {@code source.ssh.port})
 * @param message what is wrong and what to write instead
 */
public record SpecProblem(String key, String message) {

  @Override
  public String toString() {
    return key + ": " + message;
  }
}
