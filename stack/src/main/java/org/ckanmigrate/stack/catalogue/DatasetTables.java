package org.ckanmigrate.stack.catalogue;

import static org.ckanmigrate.stack.catalogue.Ids.Kind;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.ckanmigrate.stack.catalogue.Plan.Dataset;
import org.ckanmigrate.stack.catalogue.Plan.Extra;
import org.ckanmigrate.stack.catalogue.Plan.HarvestSource;
import org.ckanmigrate.stack.catalogue.Plan.Resource;

/**
 * The datasets' tables, one COPY per table and block: packages, extras, resources, tags, group
 * memberships, relationships, activities, harvest objects, roles, related items, followers and
 * collaborators, each in the era's columns.
 */
final class DatasetTables extends CatalogueTables {

  DatasetTables(Plan plan, Sink sink) {
    super(plan, sink);
  }

  // ======================================================================== datasets

  void writeBlock(List<Dataset> block) throws SQLException {
    for (Dataset d : block) {
      count(d);
    }
    if (old) {
      writeDatasetRevisions(block);
    }
    writePackages(block);
    writeExtras(block);
    if (old) {
      writeResourceGroups(block);
    }
    writeResources(block);
    writePackageTags(block);
    writeDatasetMemberships(block);
    writeRelationships(block);
    writeDatasetActivities(block);
    writeHarvestObjects(block);
    writeFollowers(block);
    if (old) {
      writeDatasetRoles(block);
      writeRelated(block);
    } else {
      writeCollaborators(block);
    }
  }

  private void count(Dataset d) {
    CatalogueWriter.Tally t = tally;
    t.datasets++;
    switch (d.state()) {
      case "active" -> t.active++;
      case "draft" -> t.draft++;
      default -> t.deleted++;
    }
    if (d.isPrivate()) {
      t.privateDatasets++;
    }
    if ("active".equals(d.state()) && !d.isPrivate()) {
      t.publicActive++;
    }
    if (d.organization() == null) {
      t.withoutOrganization++;
    }
    if (d.harvestSource() != null) {
      t.harvested++;
    }
    t.resources += d.resources().size();
    if (d.organogram()) {
      t.organograms++;
    }
    for (Resource r : d.resources()) {
      if ("Organogram viewer".equals(r.description())) {
        t.organogramViewers++;
      }
    }
    for (Extra e : d.extras()) {
      if (e.value().length() > 32_766 / 3 && utf8Length(e.value()) > 32_766) {
        t.longExtras++;
      }
    }
  }

  private static int utf8Length(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
  }

  private String userId(int index) {
    return plan.users.get(index).id();
  }

  private String orgId(Dataset d) {
    return d.organization() == null ? null : plan.groups.get(d.organization()).id();
  }

  private void writeDatasetRevisions(List<Dataset> block) throws SQLException {
    try (CopyWriter w = revisionCopy()) {
      for (Dataset d : block) {
        String author = plan.users.get(d.creator()).name();
        w.add(d.revisionId(seed, 0))
            .add(ts(d.createdMicros()))
            .add(author)
            .add("REST API: Create object " + d.name())
            .add("active")
            .add(ts(d.createdMicros()))
            .end();
        if (d.updated()) {
          w.add(d.revisionId(seed, 1))
              .add(ts(d.modifiedMicros()))
              .add(author)
              .add("REST API: Update object " + d.name())
              .add("active")
              .add(ts(d.modifiedMicros()))
              .end();
        }
      }
    }
  }

  /**
   * 2.10: what a data plugin keeps on one dataset in 40 (JSON with unicode and nesting); CKAN
   * returns it only when asked, so it must never reach a search document.
   */
  private static String pluginData(Dataset d) {
    return d.index() % 40 == 17
        ? "{\"ckanext-example\": {\"score\": " + d.index() + ", \"note\": \"é ü ✓\"}}"
        : null;
  }

  private void packageRow(CopyWriter w, Dataset d, String title, String state, long modified) {
    w.add(d.id())
        .add(d.name())
        .add(title)
        .add(d.version())
        .add(d.url())
        .add(d.notes())
        .add(d.author())
        .add(d.authorEmail())
        .add(d.maintainer())
        .add(d.maintainerEmail())
        .add(state)
        .add(d.licenseId())
        .add("dataset")
        .add(orgId(d))
        .add(d.isPrivate())
        .add(ts(modified))
        .add(userId(d.creator()));
  }

  private void writePackages(List<Dataset> block) throws SQLException {
    try (CopyWriter w = copy("package", packageColumns())) {
      for (Dataset d : block) {
        packageRow(w, d, d.title(), d.state(), d.modifiedMicros());
        w.add(old ? d.latestRevisionId(seed) : ts(d.createdMicros()));
        if (tenOrLater) {
          w.add(pluginData(d));
        }
        w.end();
      }
    }
    if (old) {
      try (CopyWriter w =
          copy(
              "package_revision",
              packageColumns()
                  + ", continuity_id, expired_id, revision_timestamp, expired_timestamp,"
                  + " current")) {
        for (Dataset d : block) {
          if (d.updated()) {
            String first = "draft".equals(d.state()) ? "draft" : "active";
            packageRow(w, d, d.originalTitle(), first, d.createdMicros());
            w.add(d.revisionId(seed, 0))
                .add(d.id())
                .add(d.revisionId(seed, 1))
                .add(ts(d.createdMicros()))
                .add(ts(d.modifiedMicros()))
                .add(Boolean.FALSE)
                .end();
          }
          packageRow(w, d, d.title(), d.state(), d.modifiedMicros());
          w.add(d.latestRevisionId(seed))
              .add(d.id())
              .add((String) null)
              .add(ts(d.modifiedMicros()))
              .add(FOREVER)
              .add(Boolean.TRUE)
              .end();
        }
      }
    }
  }

  private void writeExtras(List<Dataset> block) throws SQLException {
    String columns = "id, key, value, state, package_id";
    try (CopyWriter w = copy("package_extra", columns + (old ? ", revision_id" : ""))) {
      for (Dataset d : block) {
        for (Extra e : d.extras()) {
          w.add(e.id()).add(e.key()).add(e.value()).add(e.state()).add(d.id());
          if (old) {
            w.add(d.revisionId(seed, 0));
          }
          w.end();
        }
      }
    }
    if (old) {
      try (CopyWriter w = copy("package_extra_revision", columns + REVISION_COLUMNS)) {
        for (Dataset d : block) {
          for (Extra e : d.extras()) {
            w.add(e.id()).add(e.key()).add(e.value()).add(e.state()).add(d.id());
            revisionTail(w, d, e.id());
          }
        }
      }
    }
  }

  private static final String REVISION_COLUMNS =
      ", revision_id, continuity_id, expired_id, revision_timestamp, expired_timestamp, current";

  /** The vdm columns of a child object created with its dataset and never changed since. */
  private void revisionTail(CopyWriter w, Dataset d, String continuityId) throws SQLException {
    w.add(d.revisionId(seed, 0))
        .add(continuityId)
        .add((String) null)
        .add(ts(d.createdMicros()))
        .add(FOREVER)
        .add(Boolean.TRUE)
        .end();
  }

  private String resourceGroupId(Dataset d) {
    return Ids.uuid(seed, Kind.RESOURCE_GROUP, d.index());
  }

  private void writeResourceGroups(List<Dataset> block) throws SQLException {
    String columns = "id, package_id, label, sort_order, extras, state";
    try (CopyWriter w = copy("resource_group", columns + ", revision_id")) {
      for (Dataset d : block) {
        w.add(resourceGroupId(d))
            .add(d.id())
            .add("default")
            .add("")
            .add((String) null)
            .add("active")
            .add(d.revisionId(seed, 0))
            .end();
      }
    }
    try (CopyWriter w = copy("resource_group_revision", columns + REVISION_COLUMNS)) {
      for (Dataset d : block) {
        w.add(resourceGroupId(d))
            .add(d.id())
            .add("default")
            .add("")
            .add((String) null)
            .add("active");
        revisionTail(w, d, resourceGroupId(d));
      }
    }
  }

  private static final String RESOURCE_COLUMNS =
      "id, url, format, description, \"position\", hash, state, extras, name, resource_type,"
          + " mimetype, mimetype_inner, size, last_modified, cache_url, cache_last_updated,"
          + " webstore_url, webstore_last_updated, created, url_type";

  private void resourceRow(CopyWriter w, Resource r) {
    w.add(r.id())
        .add(r.url())
        .add(r.format())
        .add(r.description())
        .add(r.position())
        .add("")
        .add(r.state())
        .add(r.extras())
        .add(r.name())
        .add(r.resourceType())
        .add(r.mimetype())
        .add((String) null)
        .add(r.size() == null ? null : r.size().toString())
        .add(r.lastModifiedMicros() == null ? null : ts(r.lastModifiedMicros()))
        .add((String) null)
        .add((String) null)
        .add((String) null)
        .add((String) null)
        .add(ts(r.createdMicros()))
        .add(r.urlType());
  }

  private void writeResources(List<Dataset> block) throws SQLException {
    String columns =
        RESOURCE_COLUMNS + (old ? ", resource_group_id" : ", package_id, metadata_modified");
    try (CopyWriter w = copy("resource", columns + (old ? ", revision_id" : ""))) {
      for (Dataset d : block) {
        for (Resource r : d.resources()) {
          resourceRow(w, r);
          if (old) {
            w.add(resourceGroupId(d)).add(d.revisionId(seed, 0));
          } else {
            w.add(d.id()).add(ts(r.createdMicros()));
          }
          w.end();
        }
      }
    }
    if (old) {
      try (CopyWriter w = copy("resource_revision", columns + REVISION_COLUMNS)) {
        for (Dataset d : block) {
          for (Resource r : d.resources()) {
            resourceRow(w, r);
            w.add(resourceGroupId(d));
            revisionTail(w, d, r.id());
          }
        }
      }
    } else {
      try (CopyWriter w =
          copy("resource_view", "id, resource_id, title, description, view_type, \"order\"")) {
        for (Dataset d : block) {
          for (Resource r : d.resources()) {
            if ("CSV".equals(r.format()) && r.position() % 3 == 0) {
              w.add(Ids.uuid(seed, Kind.RESOURCE, d.index(), 1000 + r.position()))
                  .add(r.id())
                  .add("Data Explorer")
                  .add("")
                  .add("recline_view")
                  .add(0)
                  .end();
            }
          }
        }
      }
    }
  }

  private void writePackageTags(List<Dataset> block) throws SQLException {
    String columns = "id, package_id, tag_id, state";
    try (CopyWriter w = copy("package_tag", columns + (old ? ", revision_id" : ""))) {
      for (Dataset d : block) {
        int k = 0;
        for (int tag : d.tagIndexes()) {
          w.add(Ids.uuid(seed, Kind.PACKAGE_TAG, d.index(), k))
              .add(d.id())
              .add(plan.tags.get(tag).id())
              .add((d.index() + k++) % 40 == 0 ? "deleted" : "active");
          if (old) {
            w.add(d.revisionId(seed, 0));
          }
          w.end();
        }
      }
    }
    if (old) {
      try (CopyWriter w = copy("package_tag_revision", columns + REVISION_COLUMNS)) {
        for (Dataset d : block) {
          int k = 0;
          for (int tag : d.tagIndexes()) {
            String id = Ids.uuid(seed, Kind.PACKAGE_TAG, d.index(), k);
            w.add(id)
                .add(d.id())
                .add(plan.tags.get(tag).id())
                .add((d.index() + k++) % 40 == 0 ? "deleted" : "active");
            revisionTail(w, d, id);
          }
        }
      }
    }
  }

  private void writeDatasetMemberships(List<Dataset> block) throws SQLException {
    List<Membership> rows = new ArrayList<>();
    for (Dataset d : block) {
      int k = 0;
      if (d.organization() != null) {
        rows.add(
            new Membership(
                Ids.uuid(seed, Kind.MEMBER, 1, d.index() * 4L + k++),
                orgId(d),
                d.id(),
                "package",
                "organization",
                old ? d.revisionId(seed, 0) : null,
                d.createdMicros()));
      }
      for (int g : d.groupIndexes()) {
        rows.add(
            new Membership(
                Ids.uuid(seed, Kind.MEMBER, 1, d.index() * 4L + k++),
                plan.groups.get(g).id(),
                d.id(),
                "package",
                "public",
                old ? d.revisionId(seed, 0) : null,
                d.createdMicros()));
      }
    }
    writeMemberships(rows);
  }

  private void writeRelationships(List<Dataset> block) throws SQLException {
    String columns = "id, subject_package_id, object_package_id, type, comment, state";
    try (CopyWriter w = copy("package_relationship", columns + (old ? ", revision_id" : ""))) {
      for (Dataset d : block) {
        if (d.relationshipTarget() != null) {
          relationshipRow(w, d);
          if (old) {
            w.add(d.revisionId(seed, 0));
          }
          w.end();
        }
      }
    }
    if (old) {
      try (CopyWriter w = copy("package_relationship_revision", columns + REVISION_COLUMNS)) {
        for (Dataset d : block) {
          if (d.relationshipTarget() != null) {
            relationshipRow(w, d);
            revisionTail(w, d, Ids.uuid(seed, Kind.RELATIONSHIP, d.index()));
          }
        }
      }
    }
  }

  private void relationshipRow(CopyWriter w, Dataset d) {
    w.add(Ids.uuid(seed, Kind.RELATIONSHIP, d.index()))
        .add(d.id())
        .add(Ids.uuid(seed, Kind.PACKAGE, d.relationshipTarget()))
        .add(d.relationshipType())
        .add(d.index() % 2 == 0 ? "generated relationship" : "")
        .add("active");
  }

  private String packageJson(Dataset d, String state, String title) {
    String notes = d.notes();
    if (notes != null && notes.length() > 300) {
      notes = notes.substring(0, 300);
    }
    return "{\"package\": {\"id\": "
        + Texts.json(d.id())
        + ", \"name\": "
        + Texts.json(d.name())
        + ", \"title\": "
        + Texts.json(title)
        + ", \"type\": \"dataset\", \"state\": "
        + Texts.json(state)
        + ", \"private\": "
        + d.isPrivate()
        + ", \"owner_org\": "
        + Texts.json(orgId(d))
        + ", \"notes\": "
        + Texts.json(notes)
        + ", \"num_resources\": "
        + d.resources().size()
        + "}}";
  }

  private record DatasetActivity(
      String id, long micros, String type, String detailType, String revision, String data) {}

  /** CKAN records no activity for drafts or private datasets. */
  private List<DatasetActivity> activities(Dataset d) {
    List<DatasetActivity> rows = new ArrayList<>(3);
    if ("draft".equals(d.state()) || d.isPrivate()) {
      return rows;
    }
    rows.add(
        new DatasetActivity(
            activityId(2, d.index(), 0),
            d.createdMicros(),
            "new package",
            "new",
            d.revisionId(seed, 0),
            packageJson(d, "active", d.originalTitle())));
    if (d.updated()) {
      rows.add(
          new DatasetActivity(
              activityId(2, d.index(), 1),
              d.modifiedMicros(),
              "deleted".equals(d.state()) ? "deleted package" : "changed package",
              "deleted".equals(d.state()) ? "deleted" : "changed",
              d.revisionId(seed, 1),
              packageJson(d, d.state(), d.title())));
    }
    return rows;
  }

  private void writeDatasetActivities(List<Dataset> block) throws SQLException {
    try (CopyWriter w = copy("activity", ACTIVITY_COLUMNS)) {
      for (Dataset d : block) {
        for (DatasetActivity a : activities(d)) {
          w.add(a.id())
              .add(ts(a.micros()))
              .add(userId(d.creator()))
              .add(d.id())
              .add(old ? a.revision() : null)
              .add(a.type())
              .add(a.data())
              .end();
        }
      }
    }
    if (old) {
      try (CopyWriter w =
          copy("activity_detail", "id, activity_id, object_id, object_type, activity_type, data")) {
        for (Dataset d : block) {
          int k = 0;
          for (DatasetActivity a : activities(d)) {
            w.add(Ids.uuid(seed, Kind.ACTIVITY_DETAIL, d.index(), k++))
                .add(a.id())
                .add(d.id())
                .add("Package")
                .add(a.detailType())
                .add(a.data())
                .end();
          }
        }
      }
    }
  }

  private record HarvestObjectRow(
      String id, int job, boolean current, String packageId, String state, String report) {}

  private List<HarvestObjectRow> harvestObjects(Dataset d) {
    List<HarvestObjectRow> rows = new ArrayList<>(3);
    if (d.harvestSource() == null) {
      return rows;
    }
    HarvestSource s = plan.harvestSources.get(d.harvestSource());
    rows.add(
        new HarvestObjectRow(
            Ids.uuid(seed, Kind.HARVEST_OBJECT, d.index(), 0),
            s.jobs() - 1,
            true,
            d.id(),
            "COMPLETE",
            d.updated() ? "updated" : "added"));
    if (d.harvestHistory()) {
      rows.add(
          new HarvestObjectRow(
              Ids.uuid(seed, Kind.HARVEST_OBJECT, d.index(), 1),
              0,
              false,
              d.id(),
              "COMPLETE",
              "added"));
    }
    if (d.harvestError()) {
      rows.add(
          new HarvestObjectRow(
              Ids.uuid(seed, Kind.HARVEST_OBJECT, d.index(), 2),
              s.jobs() - 1,
              false,
              null,
              "ERROR",
              "errored"));
    }
    return rows;
  }

  private void writeHarvestObjects(List<Dataset> block) throws SQLException {
    try (CopyWriter w =
        copy(
            "harvest_object",
            "id, guid, current, gathered, fetch_started, content, fetch_finished, import_started,"
                + " import_finished, state, metadata_modified_date, retry_times, harvest_job_id,"
                + " harvest_source_id, package_id, report_status")) {
      for (Dataset d : block) {
        for (HarvestObjectRow o : harvestObjects(d)) {
          HarvestSource s = plan.harvestSources.get(d.harvestSource());
          long gathered = jobCreated(s, o.job()) + 10_000_000;
          w.add(o.id())
              .add(d.guid())
              .add(o.current())
              .add(ts(gathered))
              .add(ts(gathered + 1_000_000))
              .add(harvestContent(d, s))
              .add(ts(gathered + 2_000_000))
              .add(ts(gathered + 3_000_000))
              .add("ERROR".equals(o.state()) ? null : ts(gathered + 4_000_000))
              .add(o.state())
              .add(ts(d.modifiedMicros()))
              .add(0)
              .add(jobId(s.index(), o.job()))
              .add(s.id())
              .add(o.packageId())
              .add(o.report())
              .end();
        }
      }
    }
    try (CopyWriter w = copy("harvest_object_extra", "id, harvest_object_id, key, value")) {
      for (Dataset d : block) {
        int k = 0;
        for (HarvestObjectRow o : harvestObjects(d)) {
          w.add(Ids.uuid(seed, Kind.HARVEST_OBJECT_EXTRA, d.index(), k++))
              .add(o.id())
              .add("status")
              .add(o.current() && d.updated() ? "change" : "new")
              .end();
        }
      }
    }
    try (CopyWriter w =
        copy("harvest_object_error", "id, harvest_object_id, message, stage, line, created")) {
      for (Dataset d : block) {
        for (HarvestObjectRow o : harvestObjects(d)) {
          if ("ERROR".equals(o.state())) {
            HarvestSource s = plan.harvestSources.get(d.harvestSource());
            w.add(Ids.uuid(seed, Kind.HARVEST_OBJECT_ERROR, d.index()))
                .add(o.id())
                .add("Validation error: missing title in record " + d.guid())
                .add("Import")
                .add(d.index() % 2 == 0 ? null : Integer.valueOf(1 + d.index() % 400))
                .add(ts(jobCreated(s, o.job()) + 5_000_000))
                .end();
          }
        }
      }
    }
  }

  private String harvestContent(Dataset d, HarvestSource s) {
    if (s.type().contains("json") || s.type().equals("dkan")) {
      return "{\"identifier\": "
          + Texts.json(d.guid())
          + ", \"title\": "
          + Texts.json(d.title())
          + ", \"modified\": "
          + Texts.json(Texts.isoTimestamp(d.modifiedMicros()))
          + "}";
    }
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<gmd:MD_Metadata"
        + " xmlns:gmd=\"http://www.isotc211.org/2005/gmd\"><gmd:fileIdentifier>"
        + d.guid()
        + "</gmd:fileIdentifier><gmd:title>"
        + d.name()
        + "</gmd:title></gmd:MD_Metadata>";
  }

  private void writeDatasetRoles(List<Dataset> block) throws SQLException {
    try (CopyWriter w =
        copy("user_object_role", "id, user_id, context, role, authorized_group_id")) {
      for (Dataset d : block) {
        if (d.creatorRole()) {
          w.add(Ids.uuid(seed, Kind.USER_OBJECT_ROLE, 2, d.index() * 2L))
              .add(userId(d.creator()))
              .add("Package")
              .add("admin")
              .add((String) null)
              .end();
        }
        if (d.nonPublisherRole() != null) {
          w.add(Ids.uuid(seed, Kind.USER_OBJECT_ROLE, 2, d.index() * 2L + 1))
              .add(userId(d.nonPublisherRole()))
              .add("Package")
              .add("editor")
              .add((String) null)
              .end();
        }
      }
    }
    try (CopyWriter w = copy("package_role", "user_object_role_id, package_id")) {
      for (Dataset d : block) {
        if (d.creatorRole()) {
          w.add(Ids.uuid(seed, Kind.USER_OBJECT_ROLE, 2, d.index() * 2L)).add(d.id()).end();
        }
        if (d.nonPublisherRole() != null) {
          w.add(Ids.uuid(seed, Kind.USER_OBJECT_ROLE, 2, d.index() * 2L + 1)).add(d.id()).end();
        }
      }
    }
  }

  private void writeRelated(List<Dataset> block) throws SQLException {
    try (CopyWriter w =
        copy(
            "related",
            "id, type, title, description, image_url, url, created, owner_id, view_count,"
                + " featured")) {
      for (Dataset d : block) {
        if (d.related()) {
          w.add(Ids.uuid(seed, Kind.RELATED, d.index()))
              .add(d.index() % 3 == 0 ? "visualization" : "application")
              .add("App using " + d.name())
              .add("")
              .add("")
              .add("https://apps.example.org/" + d.name())
              .add(ts(d.createdMicros() + DAY))
              .add(userId(d.creator()))
              .add(d.index() % 17)
              .add(d.index() % 11 == 0 ? 1 : 0)
              .end();
        }
      }
    }
    try (CopyWriter w = copy("related_dataset", "id, dataset_id, related_id, status")) {
      for (Dataset d : block) {
        if (d.related()) {
          w.add(Ids.uuid(seed, Kind.RELATED_DATASET, d.index()))
              .add(d.id())
              .add(Ids.uuid(seed, Kind.RELATED, d.index()))
              .add("active")
              .end();
        }
      }
    }
  }

  private void writeFollowers(List<Dataset> block) throws SQLException {
    try (CopyWriter w = copy("user_following_dataset", "follower_id, object_id, datetime")) {
      for (Dataset d : block) {
        if (d.follower() != null) {
          w.add(userId(d.follower())).add(d.id()).add(ts(d.createdMicros() + DAY)).end();
        }
      }
    }
  }

  private void writeCollaborators(List<Dataset> block) throws SQLException {
    try (CopyWriter w = copy("package_member", "package_id, user_id, capacity, modified")) {
      for (Dataset d : block) {
        if (d.collaborator() != null) {
          w.add(d.id())
              .add(userId(d.collaborator()))
              .add(d.index() % 2 == 0 ? "editor" : "member")
              .add(ts(d.modifiedMicros()))
              .end();
        }
      }
    }
  }
}
