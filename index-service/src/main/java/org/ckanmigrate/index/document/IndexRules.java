package org.ckanmigrate.index.document;

import java.util.List;
import org.ckanmigrate.contract.spec.IndexSpec;
import org.ckanmigrate.index.read.CkanRelease;

/**
 * The CKAN settings that change what the indexer writes, named after CKAN's config options.
 *
 * @param release the target CKAN release (its indexer's rules are followed)
 * @param siteId {@code ckan.site_id}
 * @param siteUrl {@code ckan.site_url}, for uploaded resources' and group images' URLs
 * @param removeDeletedPackages {@code ckan.search.remove_deleted_packages} (always on before 2.10)
 * @param extraResourceFields {@code ckan.extra_resource_fields}
 * @param allowDatasetCollaborators {@code ckan.auth.allow_dataset_collaborators} (2.9+)
 * @param trackingViews whether {@code views_total}/{@code views_recent} are indexed: core behaviour
 *     up to 2.10, the {@code tracking} plugin from 2.11
 */
public record IndexRules(
    CkanRelease release,
    String siteId,
    String siteUrl,
    boolean removeDeletedPackages,
    List<String> extraResourceFields,
    boolean allowDatasetCollaborators,
    boolean trackingViews) {

  public IndexRules {
    if (siteId == null || siteId.isBlank()) {
      throw new IllegalArgumentException("siteId (ckan.site_id) must be set");
    }
    siteUrl = siteUrl == null ? "" : siteUrl.replaceAll("/+$", "");
    extraResourceFields =
        List.copyOf(extraResourceFields == null ? List.of() : extraResourceFields);
  }

  /** CKAN's defaults for a release. */
  public static IndexRules defaults(CkanRelease release, String siteId, String siteUrl) {
    return new IndexRules(
        release, siteId, siteUrl, true, List.of(), false, !release.atLeast(CkanRelease.V2_11));
  }

  /**
   * The rules for a run: the spec's settings, the release from the spec or else the database.
   *
   * @throws IllegalArgumentException naming the option, when the spec asks for something the
   *     release does not have (its documents would differ from what that CKAN sends)
   */
  public static IndexRules from(IndexSpec spec, CkanRelease detected) {
    CkanRelease release =
        spec.ckanVersion() == null || spec.ckanVersion().isBlank()
            ? detected
            : CkanRelease.parse(spec.ckanVersion());
    if (Boolean.FALSE.equals(spec.removeDeleted()) && !release.atLeast(CkanRelease.V2_10)) {
      throw new IllegalArgumentException(
          "index.remove-deleted: false needs CKAN 2.10 or later (ckan.search."
              + "remove_deleted_packages); CKAN "
              + release
              + " always removes deleted datasets from the index, so its search never shows them:"
              + " leave the option out (or true) for this target, or set index.ckan-version if"
              + " the target runs a newer CKAN");
    }
    if (spec.allowDatasetCollaborators() && !release.atLeast(CkanRelease.V2_9)) {
      throw new IllegalArgumentException(
          "index.allow-dataset-collaborators: true needs CKAN 2.9 or later"
              + " (ckan.auth.allow_dataset_collaborators); CKAN "
              + release
              + " has no dataset collaborators: leave the option out for this target, or set"
              + " index.ckan-version if the target runs a newer CKAN");
    }
    return new IndexRules(
        release,
        spec.siteId(),
        spec.siteUrl(),
        // Left out, it is CKAN's default for ckan.search.remove_deleted_packages: true.
        spec.removeDeleted() == null || spec.removeDeleted(),
        spec.extraResourceFields(),
        spec.allowDatasetCollaborators(),
        spec.trackingViews() != null ? spec.trackingViews() : !release.atLeast(CkanRelease.V2_11));
  }

  /** Whether deleted datasets leave the index: the setting from 2.10, always before. */
  public boolean removesDeleted() {
    return removeDeletedPackages || !release.atLeast(CkanRelease.V2_10);
  }
}
