package org.ckanmigrate.stack.catalogue;

import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** Word lists and text shapes for realistic titles, notes, names and timestamps. */
final class Texts {

  private Texts() {}

  static final String[] WORDS = {
    "annual",
    "spending",
    "over",
    "local",
    "authority",
    "crime",
    "statistics",
    "road",
    "traffic",
    "accidents",
    "school",
    "census",
    "population",
    "estimates",
    "health",
    "hospital",
    "waiting",
    "times",
    "energy",
    "consumption",
    "housing",
    "planning",
    "applications",
    "air",
    "quality",
    "monitoring",
    "flood",
    "risk",
    "areas",
    "river",
    "levels",
    "bus",
    "stops",
    "railway",
    "stations",
    "public",
    "toilets",
    "parking",
    "fines",
    "council",
    "tax",
    "bands",
    "waste",
    "recycling",
    "rates",
    "library",
    "loans",
    "museum",
    "visitors",
    "employment",
    "survey",
    "earnings",
    "benefits",
    "claimants",
    "company",
    "register",
    "contracts",
    "tenders",
    "grants",
    "payments",
    "organogram",
    "senior",
    "staff",
    "salaries",
    "junior",
    "posts",
    "water",
    "abstraction",
    "licences",
    "land",
    "registry",
    "price",
    "paid",
    "ordnance",
    "boundary",
    "lines",
    "postcode",
    "directory",
    "weather",
    "observations",
    "rainfall",
    "temperature",
    "inspection",
    "reports",
    "food",
    "hygiene",
    "ratings",
    "prison",
    "population",
    "court",
    "sittings",
    "migration",
    "births",
    "deaths",
    "marriages",
    "tourism",
    "trade",
    "exports",
    "imports",
    "farm",
    "subsidies",
    "woodland",
    "cover",
    "broadband",
    "coverage",
    "mobile",
    "signal",
    "electric",
    "vehicle",
    "chargepoints",
    "cycle",
    "counts",
    "noise",
    "maps",
    "heritage",
    "listed",
    "buildings",
    "coastal",
    "erosion",
    "fishing",
    "quotas",
    "pupil",
    "attainment",
    "apprenticeships",
    "nhs",
    "prescribing",
    "gp",
    "practices",
    "dental",
    "charges"
  };

  /** Values that must survive every hop intact: accents, CJK, Greek, RTL, emoji, symbols. */
  static final String[] UNICODE = {
    "Données ünïcødé",
    "数据集",
    "Ελληνικά δεδομένα",
    "Zoë Ångström",
    "Cymraeg: ystadegau",
    "naïve café",
    "東京 データ",
    "بيانات مفتوحة",
    "emoji 🚀📊",
    "Ω ≤ ∑ ≠ ∞",
    "Gaeilge: sonraí",
    "München – Straße",
    "€ £ ¥ ₹",
    "\u00a0non-breaking\u00a0space",
    "combining e\u0301"
  };

  /**
   * Control characters CKAN data really contains (pasted from Word, old harvesters). NUL is left
   * out: PostgreSQL text cannot hold it.
   */
  static final String[] CONTROL = {
    "\u0007bell",
    "tab\there",
    "line\nbreak",
    "cr\r\nlf",
    "\u000bvertical",
    "\u001bescape",
    "back\\slash",
    "\u0001soh",
    "form\ffeed",
    "\u0008backspace",
    "del\u007f"
  };

  static final String[] FIRST_NAMES = {
    "Alice", "Bob", "Carol", "David", "Eve", "Frank", "Grace", "Heidi", "Ivan", "Judy", "Mallory",
    "Niaj", "Olivia", "Peggy", "Rupert", "Sybil", "Trent", "Victor", "Walter", "Zoë", "Siân",
    "Seán", "Åsa", "José", "Łukasz"
  };

  static final String[] LAST_NAMES = {
    "Smith",
    "Jones",
    "Williams",
    "Brown",
    "Taylor",
    "Davies",
    "Evans",
    "Wilson",
    "Thomas",
    "Johnson",
    "Roberts",
    "Robinson",
    "Thompson",
    "Wright",
    "Walker",
    "White",
    "Edwards",
    "Hughes",
    "Green",
    "Hall",
    "O'Neill",
    "Müller",
    "Ó Briain",
    "Nowak",
    "García"
  };

  static final String[] LICENSES = {
    "uk-ogl", "cc-by", "cc-by-sa", "cc-zero", "odc-odbl", "odc-pddl", "other-open", "notspecified"
  };

  static final String[] FORMATS = {
    "CSV", "CSV", "CSV", "XLS", "XLSX", "PDF", "JSON", "XML", "HTML", "ZIP", "WMS", "WFS",
    "GeoJSON", "ODS", "RDF", "TXT", "SHP", "api"
  };

  static String word(Rng rng) {
    return rng.pick(WORDS);
  }

  static String capitalise(String word) {
    return word.isEmpty() ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1);
  }

  static String sentence(Rng rng, int minWords, int maxWords) {
    int n = rng.between(minWords, maxWords);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        out.append(' ');
      }
      out.append(i == 0 ? capitalise(word(rng)) : word(rng));
    }
    return out.append('.').toString();
  }

  static String paragraphs(Rng rng, int maxParagraphs) {
    int n = rng.between(1, maxParagraphs);
    StringBuilder out = new StringBuilder();
    for (int p = 0; p < n; p++) {
      if (p > 0) {
        out.append("\n\n");
      }
      int sentences = rng.between(1, 4);
      for (int s = 0; s < sentences; s++) {
        if (s > 0) {
          out.append(' ');
        }
        out.append(sentence(rng, 5, 14));
      }
    }
    return out.toString();
  }

  /** Lower-case ASCII slug of the words in {@code text}, at most {@code max} characters. */
  static String slug(String text, int max) {
    StringBuilder out = new StringBuilder();
    boolean dash = false;
    for (int i = 0; i < text.length() && out.length() < max; i++) {
      char c = Character.toLowerCase(text.charAt(i));
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        out.append(c);
        dash = false;
      } else if (!dash && !out.isEmpty()) {
        out.append('-');
        dash = true;
      }
    }
    while (!out.isEmpty() && out.charAt(out.length() - 1) == '-') {
      out.setLength(out.length() - 1);
    }
    return out.toString();
  }

  /** A long value built from sentences, at least {@code minChars} characters. */
  static String longText(Rng rng, int minChars) {
    StringBuilder out = new StringBuilder(minChars + 200);
    while (out.length() < minChars) {
      out.append(sentence(rng, 8, 20)).append(' ');
    }
    return out.toString();
  }

  static String fullName(Rng rng) {
    return rng.pick(FIRST_NAMES) + " " + rng.pick(LAST_NAMES);
  }

  /** Epoch microseconds of 2010-01-01T00:00Z, the start of every catalogue's history. */
  static final long EPOCH_MICROS =
      LocalDateTime.of(2010, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC) * 1_000_000L;

  static final long YEAR_MICROS = 365L * 24 * 3600 * 1_000_000L;

  /** PostgreSQL {@code timestamp without time zone} text for epoch microseconds. */
  static String timestamp(long micros) {
    // Hand-formatted: this runs for nearly every row, and String.format is slow.
    long seconds = Math.floorDiv(micros, 1_000_000L);
    int fraction = (int) Math.floorMod(micros, 1_000_000L);
    LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
    StringBuilder out = new StringBuilder(26);
    pad(out, t.getYear(), 4).append('-');
    pad(out, t.getMonthValue(), 2).append('-');
    pad(out, t.getDayOfMonth(), 2).append(' ');
    pad(out, t.getHour(), 2).append(':');
    pad(out, t.getMinute(), 2).append(':');
    pad(out, t.getSecond(), 2).append('.');
    return pad(out, fraction, 6).toString();
  }

  private static StringBuilder pad(StringBuilder out, int value, int width) {
    String digits = Integer.toString(value);
    for (int i = digits.length(); i < width; i++) {
      out.append('0');
    }
    return out.append(digits);
  }

  /** ISO form CKAN puts in activity JSON. */
  static String isoTimestamp(long micros) {
    return timestamp(micros).replace(' ', 'T');
  }

  /** A JSON string literal. */
  static String json(String value) {
    if (value == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            out.append("\\u00").append(Character.forDigit(c >> 4, 16));
            out.append(Character.forDigit(c & 0xf, 16));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
