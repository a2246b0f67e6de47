package org.ckanmigrate.stack.catalogue;

/** Validated generator settings; see {@link CatalogueGenerator.Builder} for their meaning. */
record Settings(
    CkanEra era,
    int datasets,
    long seed,
    double privateFraction,
    double draftFraction,
    double deletedFraction,
    double withoutOrganizationFraction,
    double harvestedFraction,
    int organizations,
    int groups,
    int users,
    int harvestSources,
    String alembicVersion,
    int blockSize,
    Shapes shapes) {

  Settings {
    if (era == null) {
      throw new IllegalArgumentException("era is required: CkanEra.V2_2, V2_9 or V2_10");
    }
    if (datasets < 0) {
      throw new IllegalArgumentException("datasets must be >= 0, was " + datasets);
    }
    fraction("privateFraction", privateFraction);
    fraction("draftFraction", draftFraction);
    fraction("deletedFraction", deletedFraction);
    fraction("withoutOrganizationFraction", withoutOrganizationFraction);
    fraction("harvestedFraction", harvestedFraction);
    if (draftFraction + deletedFraction > 1) {
      throw new IllegalArgumentException(
          "draftFraction + deletedFraction must be <= 1, was " + (draftFraction + deletedFraction));
    }
    if (withoutOrganizationFraction + harvestedFraction > 1) {
      throw new IllegalArgumentException(
          "withoutOrganizationFraction + harvestedFraction must be <= 1 (harvested datasets always"
              + " belong to their source's organization)");
    }
    if (privateFraction > 1 - withoutOrganizationFraction) {
      throw new IllegalArgumentException(
          "privateFraction must be <= 1 - withoutOrganizationFraction: CKAN only lets datasets of"
              + " an organization be private");
    }
    if (organizations < 1 || groups < 0 || harvestSources < 0) {
      throw new IllegalArgumentException(
          "need organizations >= 1, groups >= 0 and harvestSources >= 0");
    }
    if (era == CkanEra.V2_2 && harvestSources > 0 && harvestSources < 2) {
      throw new IllegalArgumentException(
          "a 2.2-era catalogue with harvest sources needs at least 2: one of them is data.gov.uk's"
              + " duplicated source 2c798023-abac-4785-ad19-67bd5c1aed63");
    }
    if (users < 10) {
      throw new IllegalArgumentException("users must be >= 10, was " + users);
    }
    if (era.alembicHead().isPresent()
        && (alembicVersion == null || !alembicVersion.matches("[0-9a-f]{12}"))) {
      throw new IllegalArgumentException(
          "alembicVersion must be a 12-digit hex alembic revision, was " + alembicVersion);
    }
    if (shapes == null) {
      throw new IllegalArgumentException("shapes is required: Shapes.all() or Shapes.none()");
    }
    if (blockSize < 1) {
      throw new IllegalArgumentException("blockSize must be >= 1");
    }
  }

  private static void fraction(String name, double value) {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException(name + " must be within [0, 1], was " + value);
    }
  }
}
