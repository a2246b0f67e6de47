package org.ckanmigrate.stack.catalogue;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * Which {@link Shape}s a generated catalogue holds and how much of them. All shapes are on by
 * default: tests of the product should meet what real portals hold unless they say otherwise.
 *
 * @param enabled the shapes written
 * @param emptyShare of the nullable text values the generator would leave NULL, the share written
 *     as {@code ''} instead when {@link Shape#EMPTY_STRINGS} is on (default 0.5)
 */
public record Shapes(Set<Shape> enabled, double emptyShare) {

  /** Share of datasets given an odd character in a title, notes, an extra or a resource. */
  static final double ODD_CHARACTER_SHARE = 0.03;

  /** Share of datasets with an extra keyed {@code ''}, and (separately) one valued {@code ''}. */
  static final double EMPTY_EXTRA_SHARE = 0.02;

  /** Share of datasets with an oversized extra of each kind. */
  static final double HUGE_EXTRA_SHARE = 0.004;

  /** Share of datasets with a {@code *_date} extra in one of {@link DateForms#ALL}. */
  static final double DATE_SHARE = 0.15;

  public Shapes {
    enabled = enabled.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(enabled));
    if (!(emptyShare >= 0 && emptyShare <= 1)) {
      throw new IllegalArgumentException("emptyShare must be within [0, 1], was " + emptyShare);
    }
  }

  /** Every shape, half of the blank values {@code ''}. */
  public static Shapes all() {
    return new Shapes(EnumSet.allOf(Shape.class), 0.5);
  }

  /** The tidy catalogue of old: no shape at all. */
  public static Shapes none() {
    return new Shapes(EnumSet.noneOf(Shape.class), 0.5);
  }

  public Shapes without(Shape shape) {
    EnumSet<Shape> rest = EnumSet.allOf(Shape.class);
    rest.retainAll(enabled);
    rest.remove(shape);
    return new Shapes(rest, emptyShare);
  }

  public Shapes withEmptyShare(double share) {
    return new Shapes(enabled, share);
  }

  public boolean has(Shape shape) {
    return enabled.contains(shape);
  }

  /**
   * One random stream per shape for dataset {@code i}, indexed by ordinal: turning one shape off
   * leaves where the others land unchanged.
   */
  static Rng[] streams(long seed, int i) {
    Rng[] streams = new Rng[Shape.values().length];
    for (Shape shape : Shape.values()) {
      streams[shape.ordinal()] =
          Rng.of(seed, Ids.Kind.SHAPE, (long) i * streams.length + shape.ordinal());
    }
    return streams;
  }

  /** {@code value}, or {@code ''} in {@link #emptyShare} of the cases it is NULL. */
  String blank(Rng[] streams, String value) {
    if (value != null || !has(Shape.EMPTY_STRINGS)) {
      return value;
    }
    return streams[Shape.EMPTY_STRINGS.ordinal()].chance(emptyShare) ? "" : null;
  }

  /** {@code value} with an odd character appended in {@code share} of the cases. */
  String odd(Rng[] streams, String value, double share) {
    Rng rng = streams[Shape.ODD_CHARACTERS.ordinal()];
    if (value == null || !has(Shape.ODD_CHARACTERS) || !rng.chance(share)) {
      return value;
    }
    return value + " " + rng.pick(ODD);
  }

  /**
   * Characters real data holds that trip naive code: C0 controls, look-alikes of lone surrogates
   * (PostgreSQL cannot store a real one, but the replacement character and the escaped text of one
   * survive every hop), invisible format characters and non-BMP characters (a surrogate pair in
   * Java and in JSON's \\u escapes).
   */
  static final String[] ODD = {
    "\u000bvertical tab",
    "\u0001start of heading",
    "\u001funit separator",
    "repl\ufffdacement",
    "escaped \\ud800 surrogate",
    "entity &#xD800; surrogate",
    "\ufeffbyte order mark",
    "zero\u200bwidth",
    "line\u2028separator",
    "para\u2029separator",
    "soft\u00adhyphen",
    "math \ud835\udd18\ud835\udd2b\ud835\udd26",
    "emoji \ud83d\ude00\ud83d\udc4d\ud83c\udffd",
    "CJK ext B \ud841\udf0e",
    "flag \ud83c\uddec\ud83c\udde7"
  };
}
