package org.ckanmigrate.stack.catalogue;

import java.time.Duration;
import java.util.Map;

/**
 * What a {@link CatalogueGenerator} run wrote: rows per table and the expected counts tests and
 * later phases assert against. Dataset counts are of {@code type='dataset'} packages only; 2.9-era
 * harvest sources are counted in {@link #harvestSourcePackages()}.
 *
 * @param era the schema era
 * @param seed the seed the content derives from
 * @param rowsPerTable rows written per table, every table of the schema (zero for empty ones)
 * @param datasets {@code type='dataset'} packages
 * @param activeDatasets datasets in state {@code active} (private ones included)
 * @param draftDatasets datasets in state {@code draft}
 * @param deletedDatasets datasets in state {@code deleted}
 * @param privateDatasets datasets with {@code private = true}, any state
 * @param publicActiveDatasets active and not private: what anonymous search shows
 * @param datasetsWithoutOrganization datasets with {@code owner_org IS NULL}
 * @param harvestedDatasets datasets with a current harvest object
 * @param organizations {@code "group"} rows with {@code is_organization}
 * @param groups {@code "group"} rows of type {@code group}
 * @param users {@code "user"} rows
 * @param sysadmins users with {@code sysadmin = true}
 * @param publishingUsers users with an admin or editor membership of some group or organization
 * @param nonPublishingUsers users neither sysadmin nor publishing (data.gov.uk's 001 deletes them)
 * @param harvestSources {@code harvest_source} rows
 * @param harvestSourcePackages {@code type='harvest'} packages (2.9 era; 0 for 2.2)
 * @param resources {@code resource} rows, any state
 * @param organogramDatasets datasets carrying an organogram schema extra
 * @param organogramViewerResources resources described {@code 'Organogram viewer'}
 * @param longExtras extras longer than 32,766 UTF-8 bytes (Solr's string field limit)
 * @param contentSha256 SHA-256 of every COPY statement and byte sent: equal seeds and settings give
 *     equal digests
 * @param elapsed wall-clock time of the run
 */
public record CatalogueStats(
    CkanEra era,
    long seed,
    Map<String, Long> rowsPerTable,
    int datasets,
    int activeDatasets,
    int draftDatasets,
    int deletedDatasets,
    int privateDatasets,
    int publicActiveDatasets,
    int datasetsWithoutOrganization,
    int harvestedDatasets,
    int organizations,
    int groups,
    int users,
    int sysadmins,
    int publishingUsers,
    int nonPublishingUsers,
    int harvestSources,
    int harvestSourcePackages,
    int resources,
    int organogramDatasets,
    int organogramViewerResources,
    int longExtras,
    String contentSha256,
    Duration elapsed) {

  public CatalogueStats {
    rowsPerTable = Map.copyOf(rowsPerTable);
  }

  /** Rows written to {@code table}; 0 for a table of the schema that stayed empty. */
  public long rows(String table) {
    return rowsPerTable.getOrDefault(table, 0L);
  }

  /** All rows written, over every table. */
  public long totalRows() {
    return rowsPerTable.values().stream().mapToLong(Long::longValue).sum();
  }

  @Override
  public String toString() {
    return "CatalogueStats[era="
        + era.label()
        + ", seed="
        + seed
        + ", datasets="
        + datasets
        + " (active "
        + activeDatasets
        + ", draft "
        + draftDatasets
        + ", deleted "
        + deletedDatasets
        + ", private "
        + privateDatasets
        + ", without organization "
        + datasetsWithoutOrganization
        + ", harvested "
        + harvestedDatasets
        + "), organizations="
        + organizations
        + ", groups="
        + groups
        + ", users="
        + users
        + " (sysadmins "
        + sysadmins
        + ", publishing "
        + publishingUsers
        + ", non-publishing "
        + nonPublishingUsers
        + "), harvestSources="
        + harvestSources
        + ", resources="
        + resources
        + ", totalRows="
        + totalRows()
        + ", elapsed="
        + elapsed
        + "]";
  }
}
