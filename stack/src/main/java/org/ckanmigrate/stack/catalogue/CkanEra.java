package org.ckanmigrate.stack.catalogue;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The CKAN schema eras the {@link CatalogueGenerator} can create. */
public enum CkanEra {
  /**
   * A CKAN 2.2-era source: sqlalchemy-migrate version 71, revision tables in use, the old
   * authorisation tables, resource groups, {@code related}, ckanext-harvest tables from before
   * harvest sources became datasets, and data.gov.uk's shape of data (see ckan.md §5).
   */
  V2_2("2.2", null, "catalogue/ckan-2.2/"),
  /**
   * A CKAN 2.9-era target: alembic, no revision use, collaborators and API tokens, harvest sources
   * also present as {@code type='harvest'} datasets.
   */
  V2_9("2.9", "ccd38ad5fced", "catalogue/ckan-2.9/"),
  /**
   * A CKAN 2.10-era target: the 2.9 era plus {@code user.last_active}, {@code package.plugin_data}
   * (never part of a search document) and 2.10's two indexes, alembic head {@code 9f33a0280c51}.
   */
  V2_10("2.10", "9f33a0280c51", "catalogue/ckan-2.9/", "catalogue/ckan-2.10/");

  /** The sqlalchemy-migrate version of a CKAN 2.2 database. */
  public static final int MIGRATE_VERSION_2_2 = 71;

  private final String label;
  private final String alembicHead;
  private final List<String> resourceDirs;

  CkanEra(String label, String alembicHead, String... resourceDirs) {
    this.label = label;
    this.alembicHead = alembicHead;
    this.resourceDirs = List.of(resourceDirs);
  }

  /** The era's CKAN version label, e.g. {@code 2.2}. */
  public String label() {
    return label;
  }

  /**
   * The era's DDL resource {@code name} ({@code tables.sql}, {@code constraints.sql}), in the order
   * they run: an era may build on an earlier one's and add its own changes.
   */
  List<String> scripts(String name) {
    return resourceDirs.stream().map(dir -> dir + name).toList();
  }

  /** The alembic revision of the era's newest release; empty for sqlalchemy-migrate eras. */
  public java.util.Optional<String> alembicHead() {
    return java.util.Optional.ofNullable(alembicHead);
  }

  /** Whether this era is {@code other} or a later one. */
  public boolean isAtLeast(CkanEra other) {
    return compareTo(other) >= 0;
  }

  boolean usesRevisions() {
    return this == V2_2;
  }

  /** Parses {@code 2.2}, {@code 2.9}, {@code 2.10}, {@code V2_2} or {@code v2.9}. */
  public static CkanEra parse(String text) {
    String wanted = text == null ? "" : text.trim().toLowerCase(Locale.ROOT).replace('_', '.');
    if (wanted.startsWith("v")) {
      wanted = wanted.substring(1);
    }
    for (CkanEra era : values()) {
      if (era.label.equals(wanted)) {
        return era;
      }
    }
    throw new IllegalArgumentException(
        "Unknown CKAN era '"
            + text
            + "': use one of "
            + Arrays.stream(values()).map(CkanEra::label).collect(Collectors.joining(", ")));
  }
}
