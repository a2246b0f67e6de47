package org.ckanmigrate.index.read;

import java.util.List;
import java.util.Map;

/**
 * Everything CKAN's {@code package_show} reads for one dataset, as rows already converted the way
 * CKAN's {@code table_dictize} does (model column order, timestamps as Python isoformat strings).
 * Rows of every state are kept; the document builder applies CKAN's active-only filters.
 *
 * @param pkg the {@code package} row
 * @param resources {@code resource} rows in table order, with the raw JSON {@code extras} text
 * @param extras {@code package_extra} rows
 * @param tags {@code tag} rows with the {@code package_tag} state and the vocabulary name
 * @param groups active memberships in groups that are not organizations, with {@code capacity}
 * @param organization the active owner organization row, or null
 * @param relationshipsAsSubject relationships whose subject is this dataset
 * @param relationshipsAsObject relationships whose object is this dataset
 * @param tracking the latest tracking summary, or null when there is none
 */
public record DatasetRows(
    Map<String, Object> pkg,
    List<Map<String, Object>> resources,
    List<Map<String, Object>> extras,
    List<Tag> tags,
    List<Map<String, Object>> groups,
    Map<String, Object> organization,
    List<Relationship> relationshipsAsSubject,
    List<Relationship> relationshipsAsObject,
    Tracking tracking) {

  public String id() {
    return (String) pkg.get("id");
  }

  /**
   * A tag of the dataset.
   *
   * @param row id, name, vocabulary_id and the package_tag state
   * @param vocabularyName the vocabulary's name, or null for a free tag
   */
  public record Tag(Map<String, Object> row, String vocabularyName) {}

  /**
   * A package relationship.
   *
   * @param row the package_relationship row
   * @param otherName name of the dataset at the other end, or null if it no longer exists
   */
  public record Relationship(Map<String, Object> row, String otherName) {}

  /** CKAN's {@code TrackingSummary.get_for_package}: the latest running total and recent views. */
  public record Tracking(int total, int recent) {}
}
