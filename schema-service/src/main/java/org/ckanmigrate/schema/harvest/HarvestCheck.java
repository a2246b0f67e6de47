package org.ckanmigrate.schema.harvest;

import java.util.List;

/**
 * Whether ckanext-harvest turned every active harvest source into its dataset (ckan.md §6.2).
 *
 * @param harvestTables whether the database has ckanext-harvest's tables at all
 * @param activeSources active harvest sources
 * @param activeHarvestPackages active packages of type {@code harvest}
 * @param missingSources ids of active sources without an active harvest package of the same id
 * @param withoutSourceType harvest packages lacking their {@code source_type} extra
 * @param ownerMismatches harvest packages whose owner_org differs from the source's publisher_id
 */
public record HarvestCheck(
    boolean harvestTables,
    long activeSources,
    long activeHarvestPackages,
    List<String> missingSources,
    List<String> withoutSourceType,
    List<String> ownerMismatches) {

  /** True when no active source lacks its package. */
  public boolean complete() {
    return missingSources.isEmpty();
  }

  public static HarvestCheck noHarvestTables() {
    return new HarvestCheck(false, 0, 0, List.of(), List.of(), List.of());
  }
}
