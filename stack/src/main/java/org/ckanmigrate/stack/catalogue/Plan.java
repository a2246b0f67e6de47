package org.ckanmigrate.stack.catalogue;

import static org.ckanmigrate.stack.catalogue.Ids.Kind;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a catalogue contains, as a pure function of the settings: the shared objects (users,
 * organizations, groups, tags, harvest sources) held in memory, and each dataset rebuilt on demand
 * from its index, so a dataset never depends on the order it is generated in.
 */
final class Plan {

  /** data.gov.uk's duplicated harvest source, removed by its 001 migration script. */
  static final String DUPLICATE_HARVEST_SOURCE_ID = "2c798023-abac-4785-ad19-67bd5c1aed63";

  /** The two organogram schema ids the 001 script matches on (as JSON lists). */
  static final String[] ORGANOGRAM_SCHEMAS = {
    "538b857a-64ba-490e-8440-0e32094a28a7", "d3c0b23f-6979-45e4-88ed-d2ab59b005d0"
  };

  static final String ORGANOGRAM_URL_PREFIX = "https://data.gov.uk/sites/default/files/organogram/";

  /** theme-primary display values (2.2) and the slugs the 001 script maps them to (2.9). */
  static final String[][] THEMES = {
    {"Business & Economy", "business-and-economy"},
    {"Environment", "environment"},
    {"Mapping", "mapping"},
    {"Crime & Justice", "crime-and-justice"},
    {"Government", "government"},
    {"Society", "society"},
    {"Defence", "defence"},
    {"Government Spending", "government-spending"},
    {"Towns & Cities", "towns-and-cities"},
    {"Education", "education"},
    {"Health", "health"},
    {"Transport", "transport"}
  };

  static final String[] HARVEST_TYPES_2_2 = {
    "gemini-single", "gemini-csw", "gemini-waf", "data_json", "dkan"
  };
  static final String[] HARVEST_TYPES_2_9 = {"single-doc", "csw", "waf", "dcat_json", "dcat_rdf"};

  static final String[] RELATIONSHIP_TYPES = {
    "depends_on", "dependency_of", "derives_from", "has_derivation",
    "child_of", "parent_of", "links_to", "linked_from"
  };

  static final String[] DEPRECATED_DGU_EXTRAS = {
    "individual_resources", "additional_resources", "timeseries_resources"
  };

  static final String[] ODD_KEYS = {
    "odd key!/with:chars", "Contact Email", "foo.bar", "über-key", "key with  spaces", "a/b/c"
  };
  static final String[] RESERVED_KEYS = {"tags", "text", "groups", "name", "res_format"};

  static final String[][] VOCABULARIES = {
    {
      "iso_topic_category", "farming", "biota", "boundaries", "economy", "elevation",
      "environment", "health", "inlandWaters", "location", "oceans", "planningCadastre",
      "society", "structure", "transportation", "utilitiesCommunication"
    },
    {"country", "England", "Scotland", "Wales", "Northern Ireland", "Great Britain", "Éire"}
  };

  final Settings settings;
  final CkanEra era;
  final long seed;
  final List<User> users = new ArrayList<>();
  final List<Group> groups = new ArrayList<>(); // organizations first, then groups
  final List<Tag> tags = new ArrayList<>(); // free tags first, then vocabulary tags
  final List<HarvestSource> harvestSources = new ArrayList<>();
  final int freeTags;
  final int[] vocabularyTagStart;
  final BitSet publishingUsers = new BitSet();
  private final double privateGivenOrganization;
  private final double withoutOrganizationGivenNotHarvested;

  Plan(Settings settings) {
    this.settings = settings;
    this.era = settings.era();
    this.seed = settings.seed();
    this.privateGivenOrganization =
        settings.withoutOrganizationFraction() >= 1
            ? 0
            : Math.min(
                1, settings.privateFraction() / (1 - settings.withoutOrganizationFraction()));
    this.withoutOrganizationGivenNotHarvested =
        settings.harvestedFraction() >= 1
            ? 0
            : Math.min(
                1, settings.withoutOrganizationFraction() / (1 - settings.harvestedFraction()));
    planUsers();
    planGroups();
    freeTags = Math.max(200, settings.datasets() / 8);
    vocabularyTagStart = new int[VOCABULARIES.length];
    planTags();
    planHarvestSources();
  }

  // ---------------------------------------------------------------- shared objects

  record User(
      int index,
      String id,
      String name,
      String fullname,
      String email,
      String password,
      String apikey,
      long createdMicros,
      boolean sysadmin,
      String state,
      String about,
      String imageUrl,
      String pluginExtras) {}

  record Group(
      int index,
      String id,
      String name,
      String title,
      String description,
      String imageUrl,
      long createdMicros,
      boolean organization,
      List<Integer> admins,
      List<Integer> editors,
      List<Integer> members,
      String category) {}

  record Tag(int index, String id, String name, String vocabularyId) {}

  record HarvestSource(
      int index,
      String id,
      String url,
      String title,
      String description,
      String config,
      long createdMicros,
      String type,
      boolean active,
      int userIndex,
      int publisherGroup,
      String frequency,
      int jobs) {}

  int sysadminCount() {
    return Math.max(3, settings.users() / 100);
  }

  /** The site user (CKAN's own account, named after the site id) is user 0 in both eras. */
  User siteUser() {
    return users.get(0);
  }

  private void planUsers() {
    int total = settings.users();
    int sysadmins = sysadminCount();
    Set<String> activeFullnames = new HashSet<>();
    List<String> fullnamesSoFar = new ArrayList<>();
    for (int u = 0; u < total; u++) {
      Rng rng = Rng.of(seed, Kind.USER, u);
      boolean sysadmin = u < sysadmins;
      String state = u >= sysadmins + 3 && rng.chance(0.03) ? "deleted" : "active";
      String fullname;
      String name;
      if (u == 0) {
        name = era == CkanEra.V2_2 ? "data.gov.uk" : "default";
        fullname = null; // NULL fullname: the 001 script's "fullname <> '2ndline'" skips it
      } else if (u == 1) {
        name = era == CkanEra.V2_2 ? "user_d1" : "second-line";
        fullname = "2ndline";
      } else if (era == CkanEra.V2_2 && u == sysadmins) {
        name = "visitor";
        fullname = null;
      } else if (era == CkanEra.V2_2 && u == sysadmins + 1) {
        name = "logged_in";
        fullname = null;
      } else {
        if ("deleted".equals(state) && !fullnamesSoFar.isEmpty() && rng.chance(0.5)) {
          fullname = rng.pick(fullnamesSoFar); // duplicate of someone else: never renamed by 001
        } else if (rng.chance(0.05)) {
          fullname = null;
        } else {
          String candidate = Texts.fullName(rng);
          if (rng.chance(0.03)) {
            candidate = candidate + " (" + rng.pick(Texts.UNICODE) + ")";
          }
          while (activeFullnames.contains(candidate)) {
            candidate = Texts.fullName(rng) + " " + (u % 997);
            if (activeFullnames.contains(candidate)) {
              candidate = candidate + "-" + u;
            }
          }
          fullname = candidate;
        }
        String slug = fullname == null ? "user" : Texts.slug(fullname, 40);
        // 2.2: Drupal-id based names that the 001 script replaces by the full name.
        name = era == CkanEra.V2_2 ? "user_d" + (1000 + u) : (slug.isEmpty() ? "user" : slug) + u;
      }
      if (fullname != null && "active".equals(state)) {
        activeFullnames.add(fullname);
      }
      if (fullname != null) {
        fullnamesSoFar.add(fullname);
      }
      String email =
          rng.chance(0.1) ? null : (name.replaceAll("[^A-Za-z0-9._-]", "") + "@example.gov.uk");
      String password =
          era == CkanEra.V2_2
              ? rng.hex(80)
              : "$pbkdf2-sha512$25000$" + rng.hex(22) + "$" + rng.hex(86);
      String about = rng.chance(0.1) ? Texts.sentence(rng, 4, 12) : null;
      String imageUrl =
          era.isAtLeast(CkanEra.V2_9) && rng.chance(0.1)
              ? "https://example.org/avatar/" + u + ".png"
              : null;
      String pluginExtras =
          era.isAtLeast(CkanEra.V2_9) && rng.chance(0.05)
              ? "{\"saml2\": {\"id\": \"u" + u + "\"}}"
              : null;
      long created = Texts.EPOCH_MICROS + rng.nextLong(6 * Texts.YEAR_MICROS);
      users.add(
          new User(
              u,
              Ids.uuid(seed, Kind.USER, u),
              name,
              fullname,
              email,
              password,
              Ids.uuid(seed, Kind.APIKEY, u),
              created,
              sysadmin,
              state,
              about,
              imageUrl,
              pluginExtras));
    }
  }

  private int firstOrdinaryUser() {
    return sysadminCount() + (era == CkanEra.V2_2 ? 2 : 0);
  }

  private void planGroups() {
    int orgs = settings.organizations();
    int total = orgs + settings.groups();
    int first = firstOrdinaryUser();
    int pool = Math.max(1, Math.max(orgs, (int) ((settings.users() - first) * 0.4)));
    pool = Math.min(pool, settings.users() - first);
    for (int g = 0; g < total; g++) {
      Rng rng = Rng.of(seed, Kind.GROUP, g);
      boolean organization = g < orgs;
      String title;
      if (organization) {
        title =
            rng.pick(
                    new String[] {
                      "Department for ",
                      "Ministry of ",
                      "Borough Council of ",
                      "Agency for ",
                      "Office of ",
                      ""
                    })
                + Texts.capitalise(Texts.word(rng))
                + " "
                + Texts.capitalise(Texts.word(rng));
      } else {
        title = Texts.capitalise(Texts.word(rng)) + " and " + Texts.capitalise(Texts.word(rng));
      }
      if (rng.chance(0.05)) {
        title = title + " – " + rng.pick(Texts.UNICODE);
      }
      String name = Texts.slug(title, 80) + "-" + Integer.toString(g, 36);
      List<Integer> admins = new ArrayList<>();
      List<Integer> editors = new ArrayList<>();
      List<Integer> members = new ArrayList<>();
      Set<Integer> taken = new HashSet<>();
      admins.add(pickUser(rng, first, pool, taken));
      if (organization) {
        for (int e = rng.between(0, 3); e > 0; e--) {
          editors.add(pickUser(rng, first, pool, taken));
        }
        for (int m = rng.between(0, 2); m > 0; m--) {
          members.add(pickUser(rng, first, pool, taken));
        }
      }
      admins.removeIf(x -> x < 0);
      editors.removeIf(x -> x < 0);
      members.removeIf(x -> x < 0);
      admins.forEach(publishingUsers::set);
      editors.forEach(publishingUsers::set);
      groups.add(
          new Group(
              g,
              Ids.uuid(seed, Kind.GROUP, g),
              name,
              title,
              rng.chance(0.7) ? Texts.sentence(rng, 6, 20) : "",
              rng.chance(0.3) ? "https://example.org/logo/" + g + ".png" : "",
              Texts.EPOCH_MICROS + rng.nextLong(Texts.YEAR_MICROS),
              organization,
              admins,
              editors,
              members,
              organization
                  ? rng.pick(
                      new String[] {
                        "ministerial-department",
                        "non-ministerial-department",
                        "local-council",
                        "executive-ndpb",
                        "public-corporation"
                      })
                  : null));
    }
  }

  private int pickUser(Rng rng, int first, int pool, Set<Integer> taken) {
    for (int attempt = 0; attempt < 8; attempt++) {
      int u = first + rng.nextInt(pool);
      if (taken.add(u)) {
        return u;
      }
    }
    return -1;
  }

  private void planTags() {
    Set<String> names = new HashSet<>();
    int w = Texts.WORDS.length;
    for (int t = 0; t < freeTags; t++) {
      String name = Texts.WORDS[t % w];
      if (t >= w) {
        name = name + " " + Texts.WORDS[(t / w) % w];
      }
      if (t % 37 == 5) {
        name = name + " " + new String[] {"café", "données", "東京", "ñandú", "ärger"}[t % 5];
      }
      if (!names.add(name)) {
        name = name + "-" + t;
        names.add(name);
      }
      tags.add(new Tag(t, Ids.uuid(seed, Kind.TAG, t), name, null));
    }
    int index = freeTags;
    for (int v = 0; v < VOCABULARIES.length; v++) {
      vocabularyTagStart[v] = index;
      String vocabularyId = vocabularyId(v);
      for (int k = 1; k < VOCABULARIES[v].length; k++) {
        tags.add(new Tag(index, Ids.uuid(seed, Kind.TAG, index), VOCABULARIES[v][k], vocabularyId));
        index++;
      }
    }
  }

  String vocabularyId(int v) {
    return Ids.uuid(seed, Kind.VOCABULARY, v);
  }

  private void planHarvestSources() {
    int total = settings.harvestSources();
    String[] types = era == CkanEra.V2_2 ? HARVEST_TYPES_2_2 : HARVEST_TYPES_2_9;
    for (int s = 0; s < total; s++) {
      Rng rng = Rng.of(seed, Kind.HARVEST_SOURCE, s);
      boolean duplicate = era == CkanEra.V2_2 && s == total - 1;
      String type = s < types.length ? types[s] : rng.pick(types);
      int publisher = rng.nextInt(settings.organizations());
      String url = "https://harvest" + s + ".example.gov.uk/" + type.replace('_', '-');
      String title = "Harvest " + Texts.capitalise(Texts.word(rng)) + " " + type + " " + s;
      if (duplicate) {
        HarvestSource original = harvestSources.get(0);
        type = original.type();
        publisher = original.publisherGroup();
        url = original.url();
        title = original.title() + " (duplicate)";
      }
      harvestSources.add(
          new HarvestSource(
              s,
              duplicate ? DUPLICATE_HARVEST_SOURCE_ID : Ids.uuid(seed, Kind.HARVEST_SOURCE, s),
              url,
              title,
              rng.chance(0.6) ? Texts.sentence(rng, 5, 15) : "",
              rng.chance(0.3) ? "{\"default_tags\": [\"harvested\"]}" : "",
              Texts.EPOCH_MICROS + rng.nextLong(Texts.YEAR_MICROS),
              type,
              s < types.length || duplicate || rng.chance(0.9),
              0,
              publisher,
              rng.pick(new String[] {"MANUAL", "DAILY", "WEEKLY", "MONTHLY"}),
              rng.between(1, 3)));
    }
  }

  /**
   * data.gov.uk's 001 script deletes the duplicated source's objects and jobs but not their error
   * rows, and it ran successfully: so that source has no gather or object errors.
   */
  boolean isDuplicateSource(int source) {
    return DUPLICATE_HARVEST_SOURCE_ID.equals(harvestSources.get(source).id());
  }

  // ---------------------------------------------------------------- datasets

  record Extra(String id, String key, String value, String state) {}

  record Resource(
      String id,
      int position,
      String url,
      String format,
      String description,
      String name,
      String resourceType,
      String mimetype,
      Long size,
      Long lastModifiedMicros,
      long createdMicros,
      String urlType,
      String extras,
      String state) {}

  record Dataset(
      int index,
      String id,
      String name,
      String title,
      String originalTitle,
      String version,
      String url,
      String notes,
      String author,
      String authorEmail,
      String maintainer,
      String maintainerEmail,
      String licenseId,
      String state,
      boolean isPrivate,
      Integer organization,
      int creator,
      long createdMicros,
      long modifiedMicros,
      boolean updated,
      List<Integer> groupIndexes,
      List<Integer> tagIndexes,
      List<Extra> extras,
      List<Resource> resources,
      Integer harvestSource,
      boolean harvestHistory,
      boolean harvestError,
      Integer relationshipTarget,
      String relationshipType,
      boolean organogram,
      boolean related,
      Integer collaborator,
      Integer follower,
      boolean creatorRole,
      Integer nonPublisherRole) {

    String revisionId(long seed, int n) {
      return Ids.uuid(seed, Kind.REVISION, 1, index * 2L + n);
    }

    String latestRevisionId(long seed) {
      return revisionId(seed, updated ? 1 : 0);
    }

    String guid() {
      return "urn:uuid:" + id.substring(0, 8) + "-guid-" + index;
    }
  }

  Dataset dataset(int i) {
    Rng rng = Rng.of(seed, Kind.PACKAGE, i);
    int datasets = Math.max(1, settings.datasets());

    Integer harvestSource = null;
    Integer organization;
    if (!harvestSources.isEmpty() && rng.chance(settings.harvestedFraction())) {
      harvestSource = rng.nextInt(harvestSources.size());
      organization = harvestSources.get(harvestSource).publisherGroup();
    } else if (rng.chance(withoutOrganizationGivenNotHarvested)) {
      organization = null;
    } else {
      double u = rng.nextDouble();
      organization = (int) (settings.organizations() * u * u); // a few big publishers
    }
    double s = rng.nextDouble();
    String state =
        s < settings.deletedFraction()
            ? "deleted"
            : s < settings.deletedFraction() + settings.draftFraction() ? "draft" : "active";
    boolean isPrivate = organization != null && rng.chance(privateGivenOrganization);
    boolean organogram =
        organization != null && harvestSource == null && rng.chance(0.015) && !isPrivate;

    String title;
    if (organogram) {
      title = "Organogram of staff roles & salaries " + (2011 + i % 8);
    } else {
      title = Texts.capitalise(Texts.word(rng));
      for (int w = rng.between(2, 7); w > 0; w--) {
        title = title + " " + Texts.word(rng);
      }
    }
    double t = rng.nextDouble();
    if (t < 0.04) {
      title = title + " " + rng.pick(Texts.UNICODE);
    } else if (t < 0.06) {
      title = title + " " + rng.pick(Texts.CONTROL);
    } else if (t < 0.07) {
      title = "  " + title; // leading whitespace: Solr's title_string strips it
    }
    String slug = Texts.slug(title, 80);
    String name = (slug.isEmpty() ? "dataset" : slug) + "-" + Integer.toString(i, 36);

    String notes = null;
    if (rng.chance(0.85)) {
      notes = Texts.paragraphs(rng, 3);
      double n = rng.nextDouble();
      if (n < 0.05) {
        notes = notes + "\n\n" + rng.pick(Texts.UNICODE);
      } else if (n < 0.08) {
        notes = notes + " " + rng.pick(Texts.CONTROL);
      }
    }
    String author = rng.chance(0.5) ? Texts.fullName(rng) : null;
    String maintainer = rng.chance(0.4) ? Texts.fullName(rng) : null;
    // Shapes draw from their own stream: turning one off leaves the rest of the catalogue as is.
    Shapes shapes = settings.shapes();
    Rng[] shapeRng = Shapes.streams(seed, i);

    long span = 8 * Texts.YEAR_MICROS;
    long created =
        Texts.EPOCH_MICROS + (long) ((double) i / datasets * span) + rng.nextLong(86_400_000_000L);
    boolean updated = rng.chance(0.3);
    long modified =
        updated ? created + 1 + rng.nextLong(Texts.YEAR_MICROS) : created + rng.between(1, 900);

    int creator;
    if (harvestSource != null) {
      creator = 0; // harvesters run as the site user
    } else if (organization != null) {
      Group org = groups.get(organization);
      List<Integer> publishers = new ArrayList<>(org.admins());
      publishers.addAll(org.editors());
      creator = publishers.isEmpty() ? 1 : rng.pick(publishers);
    } else {
      creator = 1 + rng.nextInt(sysadminCount() - 1);
    }

    List<Integer> groupIndexes = new ArrayList<>();
    if (settings.groups() > 0 && rng.chance(0.3)) {
      int first = settings.organizations() + rng.nextInt(settings.groups());
      groupIndexes.add(first);
      if (settings.groups() > 1 && rng.chance(0.3)) {
        int second = settings.organizations() + rng.nextInt(settings.groups());
        if (second != first) {
          groupIndexes.add(second);
        }
      }
    }

    List<Integer> tagIndexes = new ArrayList<>();
    for (int k = rng.between(0, 8); k > 0; k--) {
      int tag = (int) (freeTags * Math.pow(rng.nextDouble(), 2)); // popular tags are popular
      if (!tagIndexes.contains(tag)) {
        tagIndexes.add(tag);
      }
    }
    if (rng.chance(0.2)) {
      int v = rng.nextInt(VOCABULARIES.length);
      int tag = vocabularyTagStart[v] + rng.nextInt(VOCABULARIES[v].length - 1);
      tagIndexes.add(tag);
    }

    String id = Ids.uuid(seed, Kind.PACKAGE, i);
    List<Extra> extras = extras(rng, i, organogram, harvestSource != null);
    List<Resource> resources = resources(rng, shapeRng, i, name, created, organogram);

    Integer relationshipTarget = null;
    String relationshipType = null;
    if (settings.datasets() > 1 && rng.chance(0.02)) {
      relationshipTarget = (i + 1 + rng.nextInt(settings.datasets() - 1)) % settings.datasets();
      relationshipType = rng.pick(RELATIONSHIP_TYPES);
    }
    Integer collaborator = null;
    if (organization != null && rng.chance(0.01)) {
      collaborator = firstOrdinaryUser() + rng.nextInt(settings.users() - firstOrdinaryUser());
    }
    Integer follower = null;
    if (rng.chance(0.03)) {
      follower = firstOrdinaryUser() + rng.nextInt(settings.users() - firstOrdinaryUser());
    }
    boolean creatorRole = rng.chance(0.25);
    Integer nonPublisherRole = null;
    if (rng.chance(0.05)) {
      nonPublisherRole = firstOrdinaryUser() + rng.nextInt(settings.users() - firstOrdinaryUser());
    }

    String version = rng.chance(0.3) ? rng.between(1, 5) + "." + rng.between(0, 9) : null;
    String url = rng.chance(0.5) ? "https://www.example.gov.uk/data/" + name : null;
    String authorEmail = author == null ? null : Texts.slug(author, 30) + "@example.org";
    String maintainerEmail =
        maintainer == null ? null : Texts.slug(maintainer, 30) + "@example.org";
    if (!organogram) {
      title = shapes.odd(shapeRng, title, Shapes.ODD_CHARACTER_SHARE);
    }
    notes = shapes.blank(shapeRng, shapes.odd(shapeRng, notes, Shapes.ODD_CHARACTER_SHARE));
    extras = shapeExtras(shapes, shapeRng, i, extras);

    return new Dataset(
        i,
        id,
        name,
        title,
        updated ? title.strip() + " (old title)" : title,
        shapes.blank(shapeRng, version),
        shapes.blank(shapeRng, url),
        notes,
        shapes.blank(shapeRng, author),
        shapes.blank(shapeRng, authorEmail),
        shapes.blank(shapeRng, maintainer),
        shapes.blank(shapeRng, maintainerEmail),
        rng.chance(0.1) ? null : rng.pick(Texts.LICENSES),
        state,
        isPrivate,
        organization,
        creator,
        created,
        modified,
        updated,
        groupIndexes,
        tagIndexes,
        extras,
        resources,
        harvestSource,
        harvestSource != null && rng.chance(0.3),
        harvestSource != null && rng.chance(0.02) && !isDuplicateSource(harvestSource),
        relationshipTarget,
        relationshipType,
        organogram,
        era == CkanEra.V2_2 && rng.chance(0.01),
        collaborator,
        follower,
        creatorRole,
        nonPublisherRole);
  }

  private List<Extra> extras(Rng rng, int i, boolean organogram, boolean harvested) {
    Map<String, String> values = new LinkedHashMap<>();
    boolean old = era == CkanEra.V2_2;
    if (rng.chance(0.6)) {
      String[] theme = rng.pick(THEMES);
      values.put("theme-primary", old ? theme[0] : theme[1]);
    }
    if (rng.chance(0.4)) {
      values.put(
          "update_frequency", rng.pick(new String[] {"annual", "quarterly", "monthly", "never"}));
    }
    if (rng.chance(0.3)) {
      values.put("geographic_coverage", "111100: United Kingdom (England, Scotland, Wales)");
    }
    if (rng.chance(0.2)) {
      values.put("temporal_coverage-from", (2000 + rng.nextInt(15)) + "-01-01");
      values.put("temporal_coverage-to", (2015 + rng.nextInt(5)) + "-12-31");
    }
    String schemaKey = old ? "schema" : "schema-vocabulary";
    if (organogram) {
      values.put(schemaKey, "[\"" + ORGANOGRAM_SCHEMAS[i % 2] + "\"]");
    } else if (rng.chance(0.03)) {
      values.put(schemaKey, "[\"" + Ids.uuid(seed, Kind.PACKAGE_EXTRA, i, 99) + "\"]");
    }
    if (old) {
      for (String key : DEPRECATED_DGU_EXTRAS) {
        if (rng.chance(0.04)) {
          values.put(key, deprecatedResourceList(rng, i, rng.chance(0.1)));
        }
      }
    }
    if (rng.chance(0.1)) {
      values.put("keywords", "[\"" + Texts.word(rng) + "\", \"" + Texts.word(rng) + "\"]");
    }
    if (rng.chance(0.02)) {
      values.put("real_list", "{" + Texts.word(rng) + "," + Texts.word(rng) + "}");
    }
    if (rng.chance(0.005)) {
      values.put("long_description", Texts.longText(rng, 33_000 + rng.nextInt(20_000)));
    }
    if (rng.chance(0.04)) {
      values.put(rng.pick(ODD_KEYS), Texts.sentence(rng, 1, 4));
    }
    if (rng.chance(0.015)) {
      values.put(rng.pick(RESERVED_KEYS), Texts.sentence(rng, 1, 4));
    }
    if (rng.chance(0.03)) {
      values.put(
          "notes_extra",
          rng.chance(0.5) ? rng.pick(Texts.UNICODE) : "value " + rng.pick(Texts.CONTROL));
    }
    if (harvested) {
      values.put("guid", "urn:uuid:" + Ids.uuid(seed, Kind.HARVEST_OBJECT, i, 7));
    }
    List<Extra> extras = new ArrayList<>(values.size());
    int k = 0;
    for (Map.Entry<String, String> e : values.entrySet()) {
      extras.add(
          new Extra(
              Ids.uuid(seed, Kind.PACKAGE_EXTRA, i, k++),
              e.getKey(),
              e.getValue(),
              rng.chance(0.03) ? "deleted" : "active"));
    }
    return extras;
  }

  /** The extras of the {@link Shape}s, after the dataset's own (ids apart from theirs). */
  private List<Extra> shapeExtras(Shapes shapes, Rng[] streams, int i, List<Extra> extras) {
    List<Map.Entry<String, String>> more = new ArrayList<>();
    Rng rng = streams[Shape.EMPTY_EXTRAS.ordinal()];
    if (shapes.has(Shape.EMPTY_EXTRAS)) {
      if (rng.chance(Shapes.EMPTY_EXTRA_SHARE)) {
        more.add(Map.entry("", Texts.sentence(rng, 1, 4)));
      }
      if (rng.chance(Shapes.EMPTY_EXTRA_SHARE)) {
        more.add(Map.entry("contact-phone", ""));
      }
    }
    rng = streams[Shape.ODD_CHARACTERS.ordinal()];
    if (shapes.has(Shape.ODD_CHARACTERS) && rng.chance(Shapes.ODD_CHARACTER_SHARE)) {
      more.add(Map.entry("comment", Texts.sentence(rng, 2, 6) + " " + rng.pick(Shapes.ODD)));
    }
    rng = streams[Shape.HUGE_EXTRAS.ordinal()];
    if (shapes.has(Shape.HUGE_EXTRAS)) {
      if (rng.chance(Shapes.HUGE_EXTRA_SHARE)) {
        // 10 bytes per 4 characters: well under 32,766 characters, well over 32,766 bytes
        more.add(Map.entry("description_cy", "数据集 ".repeat(3_400 + rng.nextInt(2_000))));
      }
      if (rng.chance(Shapes.HUGE_EXTRA_SHARE)) {
        more.add(Map.entry("thumbnail", rng.hex(33_000 + rng.nextInt(10_000))));
      }
    }
    rng = streams[Shape.ODD_DATES.ordinal()];
    if (shapes.has(Shape.ODD_DATES) && rng.chance(Shapes.DATE_SHARE)) {
      more.add(Map.entry(rng.pick(DateForms.KEYS), rng.pick(DateForms.ALL).text()));
    }
    if (more.isEmpty()) {
      return extras;
    }
    List<Extra> out = new ArrayList<>(extras);
    int k = 1_000;
    for (Map.Entry<String, String> e : more) {
      out.add(
          new Extra(
              Ids.uuid(seed, Kind.PACKAGE_EXTRA, i, k++), e.getKey(), e.getValue(), "active"));
    }
    return out;
  }

  private String deprecatedResourceList(Rng rng, int i, boolean long_) {
    int n = long_ ? 220 + rng.nextInt(60) : rng.between(1, 4);
    StringBuilder out = new StringBuilder("[");
    for (int k = 0; k < n; k++) {
      if (k > 0) {
        out.append(", ");
      }
      out.append("{\"url\": \"https://data.gov.uk/old/")
          .append(i)
          .append('/')
          .append(k)
          .append(".csv\", \"description\": ")
          .append(Texts.json(Texts.sentence(rng, 5, 12)))
          .append(", \"format\": \"CSV\", \"date\": \"20")
          .append(10 + rng.nextInt(8))
          .append("-0")
          .append(1 + rng.nextInt(9))
          .append("\"}");
    }
    return out.append(']').toString();
  }

  private List<Resource> resources(
      Rng rng, Rng[] shapeRng, int i, String packageName, long created, boolean organogram) {
    Shapes shapes = settings.shapes();
    int count;
    double c = rng.nextDouble();
    if (c < 0.05) {
      count = 0;
    } else if (c < 0.08) {
      count = 20;
    } else {
      count = 1;
      while (count < 20 && rng.chance(0.62)) {
        count++;
      }
    }
    if (organogram) {
      count = Math.max(count, 3);
    }
    List<Resource> resources = new ArrayList<>(count);
    for (int k = 0; k < count; k++) {
      String id = Ids.uuid(seed, Kind.RESOURCE, i, k);
      String format;
      String url;
      String description;
      String name;
      if (organogram && k < 2) {
        format = "CSV";
        url =
            ORGANOGRAM_URL_PREFIX
                + packageName
                + "/"
                + (2011 + k)
                + "-03-31-organogram-"
                + (k == 0 ? "senior" : "junior")
                + ".csv";
        description = "Organogram " + (k == 0 ? "senior" : "junior") + " staff";
        name = description;
      } else if (organogram && k == 2) {
        format = "HTML";
        url = "https://data.gov.uk/organogram/" + packageName;
        description = "Organogram viewer";
        name = null;
      } else {
        double f = rng.nextDouble();
        format = f < 0.08 ? "" : f < 0.12 ? null : rng.pick(Texts.FORMATS);
        String extension = format == null || format.isEmpty() ? "dat" : format.toLowerCase();
        url =
            rng.chance(0.02)
                ? ""
                : "https://files.example.gov.uk/" + packageName + "/" + k + "." + extension;
        double d = rng.nextDouble();
        description = d < 0.6 ? Texts.sentence(rng, 3, 15) : d < 0.8 ? "" : null;
        if (rng.chance(0.02)) {
          description = description + " " + rng.pick(Texts.UNICODE);
        }
        name = rng.chance(0.1) ? null : Texts.capitalise(Texts.word(rng)) + " " + Texts.word(rng);
        name = shapes.blank(shapeRng, shapes.odd(shapeRng, name, Shapes.ODD_CHARACTER_SHARE));
        format = shapes.blank(shapeRng, format);
        description =
            shapes.blank(shapeRng, shapes.odd(shapeRng, description, Shapes.ODD_CHARACTER_SHARE));
      }
      boolean upload = rng.chance(0.05);
      resources.add(
          new Resource(
              id,
              k,
              url,
              format,
              description,
              name,
              rng.chance(0.3) ? rng.pick(new String[] {"file", "api", "file.upload"}) : null,
              "CSV".equals(format) && rng.chance(0.5) ? "text/csv" : null,
              rng.chance(0.3) ? (long) rng.nextInt(50_000_000) : null,
              rng.chance(0.2) ? created + rng.nextLong(Texts.YEAR_MICROS) : null,
              created + k * 1000L + 1,
              upload ? "upload" : null,
              rng.chance(0.2) ? "{\"datastore_active\": false, \"verified\": true}" : null,
              rng.chance(0.03) ? "deleted" : "active"));
    }
    return resources;
  }
}
