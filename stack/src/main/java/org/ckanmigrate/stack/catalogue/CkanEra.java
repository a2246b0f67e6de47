package org.ckanmigrate.stack.catalogue;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The CKAN schema eras the {@link CatalogueGenerator} can create. */
public enum CkanEra {
  /**
   * A CKAN 2.2-era source: sqlalchemy-migrate version 71, revision tables in use, the old
   * authorisation tables, resource groups, {@code related}, ckanext-harvest tables from before
   * harvest sources became datasets, and data.gov.uk's shape of data (see ckan.md §5).
   */
  V2_2("2.2", "catalogue/ckan-2.2/"),
  /**
   * A CKAN 2.9-era target: alembic, no revision use, collaborators and API tokens, harvest sources
   * also present as {@code type='harvest'} datasets.
   */
  V2_9("2.9", "catalogue/ckan-2.9/");

  /** CKAN 2.9.11's alembic head, the default revision written to {@code alembic_version}. */
  public static final String ALEMBIC_HEAD_2_9 = "ccd38ad5fced";

  /** The sqlalchemy-migrate version of a CKAN 2.2 database. */
  public static final int MIGRATE_VERSION_2_2 = 71;

  private final String label;
  private final String resourceDir;

  CkanEra(String label, String resourceDir) {
    this.label = label;
    this.resourceDir = resourceDir;
  }

  /** The era's CKAN version label, e.g. {@code 2.2}. */
  public String label() {
    return label;
  }

  String resourceDir() {
    return resourceDir;
  }

  boolean usesRevisions() {
    return this == V2_2;
  }

  /** Parses {@code 2.2}, {@code 2.9}, {@code V2_2} or {@code v2.9}. */
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
