package org.ckanmigrate.load.dump;

/** pg_dump's sections, in the order a plain dump writes them. */
public enum Section {
  PRE_DATA,
  DATA,
  POST_DATA;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
