package org.ckanmigrate.contract.spec;

/**
 * A reference to a secret, never the secret itself: the path of a file holding it, or the name of
 * an environment variable. Exactly one of the two is set. Resolved only at the moment of use, by
 * the service that needs it.
 */
public record SecretRef(String file, String env) {

  public static SecretRef ofFile(String file) {
    return new SecretRef(file, null);
  }

  public static SecretRef ofEnv(String env) {
    return new SecretRef(null, env);
  }

  @Override
  public String toString() {
    return file != null ? "file:" + file : "env:" + env;
  }
}
