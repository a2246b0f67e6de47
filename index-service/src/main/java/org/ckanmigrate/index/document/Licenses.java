package org.ckanmigrate.index.document;

import java.util.Map;

/** CKAN's default license register: what {@code package_dictize} reads for a license id. */
final class Licenses {

  /**
   * One license.
   *
   * @param title the (English) title
   * @param url the license's URL, empty when it has none
   * @param open whether it conforms to the Open Definition (CKAN's {@code isopen})
   */
  record License(String title, String url, boolean open) {}

  private final Map<String, License> byId;

  private Licenses(Map<String, License> byId) {
    this.byId = byId;
  }

  License get(String id) {
    return id == null ? null : byId.get(id);
  }

  static Licenses ckanDefault(boolean newOglUrl) {
    return new Licenses(
        Map.ofEntries(
            Map.entry("notspecified", new License("License not specified", "", false)),
            Map.entry(
                "odc-pddl",
                new License(
                    "Open Data Commons Public Domain Dedication and License (PDDL)",
                    "http://www.opendefinition.org/licenses/odc-pddl",
                    true)),
            Map.entry(
                "odc-odbl",
                new License(
                    "Open Data Commons Open Database License (ODbL)",
                    "http://www.opendefinition.org/licenses/odc-odbl",
                    true)),
            Map.entry(
                "odc-by",
                new License(
                    "Open Data Commons Attribution License",
                    "http://www.opendefinition.org/licenses/odc-by",
                    true)),
            Map.entry(
                "cc-zero",
                new License(
                    "Creative Commons CCZero",
                    "http://www.opendefinition.org/licenses/cc-zero",
                    true)),
            Map.entry(
                "cc-by",
                new License(
                    "Creative Commons Attribution",
                    "http://www.opendefinition.org/licenses/cc-by",
                    true)),
            Map.entry(
                "cc-by-sa",
                new License(
                    "Creative Commons Attribution Share-Alike",
                    "http://www.opendefinition.org/licenses/cc-by-sa",
                    true)),
            Map.entry(
                "gfdl",
                new License(
                    "GNU Free Documentation License",
                    "http://www.opendefinition.org/licenses/gfdl",
                    true)),
            Map.entry("other-open", new License("Other (Open)", "", true)),
            Map.entry("other-pd", new License("Other (Public Domain)", "", true)),
            Map.entry("other-at", new License("Other (Attribution)", "", true)),
            Map.entry(
                "uk-ogl",
                new License(
                    "UK Open Government Licence (OGL)",
                    newOglUrl
                        ? "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
                        : "http://reference.data.gov.uk/id/open-government-licence",
                    true)),
            Map.entry(
                "cc-nc",
                new License(
                    "Creative Commons Non-Commercial (Any)",
                    "http://creativecommons.org/licenses/by-nc/2.0/",
                    false)),
            Map.entry("other-nc", new License("Other (Non-Commercial)", "", false)),
            Map.entry("other-closed", new License("Other (Not Open)", "", false))));
  }
}
