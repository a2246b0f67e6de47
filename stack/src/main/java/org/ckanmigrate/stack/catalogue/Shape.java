package org.ckanmigrate.stack.catalogue;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A shape of data real CKAN portals hold and a tidy generator would never write. Each one is on by
 * default (see {@link Shapes}); {@code GenerateCatalogue --without NAME} turns one off.
 */
public enum Shape {
  /**
   * {@code ''} instead of NULL in the nullable text columns a portal fills that way: a dataset's
   * version, url, author, maintainer, their emails and notes; a resource's name, format,
   * description and url; extra values. CKAN's forms send {@code ""} for a field left blank.
   */
  EMPTY_STRINGS,
  /** Extras whose key is {@code ''} and extras whose value is {@code ''}. */
  EMPTY_EXTRAS,
  /**
   * Control characters, look-alikes of lone surrogates ({@code U+FFFD}, escaped {@code \ud800}
   * text, BOM, zero-width and line-separator characters) and non-BMP characters (surrogate pairs in
   * Java and JSON) in titles, notes, extras and resource fields.
   */
  ODD_CHARACTERS,
  /**
   * Extras over Lucene's 32,766-byte term limit: multi-byte text that is short in characters but
   * long in UTF-8, and one unbroken token (a pasted base64 blob).
   */
  HUGE_EXTRAS,
  /** {@code *_date} extras in the forms {@link DateForms} lists, some of which dateutil refuses. */
  ODD_DATES;

  /** The command-line name: lower case with dashes, e.g. {@code empty-strings}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Parses {@link #label()} or the constant's name; the error names every choice. */
  public static Shape parse(String text) {
    for (Shape shape : values()) {
      if (shape.label().equalsIgnoreCase(text) || shape.name().equalsIgnoreCase(text)) {
        return shape;
      }
    }
    throw new IllegalArgumentException(
        "Unknown shape '"
            + text
            + "'; choose one of "
            + Arrays.stream(values()).map(Shape::label).collect(Collectors.joining(", ")));
  }
}
