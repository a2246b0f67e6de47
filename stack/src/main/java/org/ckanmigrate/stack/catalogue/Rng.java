package org.ckanmigrate.stack.catalogue;

import java.util.List;
import java.util.SplittableRandom;

/** A seeded random source with the few draws the generator needs. */
final class Rng {

  private final SplittableRandom random;

  Rng(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /** An independent stream for one object, so objects do not depend on generation order. */
  static Rng of(long seed, Ids.Kind kind, long index) {
    return new Rng(Ids.combine(seed, kind.ordinal() + 500L, index, 17));
  }

  boolean chance(double p) {
    return p > 0 && random.nextDouble() < p;
  }

  double nextDouble() {
    return random.nextDouble();
  }

  /** Uniform in [from, to] inclusive. */
  int between(int from, int to) {
    return from + random.nextInt(to - from + 1);
  }

  int nextInt(int bound) {
    return random.nextInt(bound);
  }

  long nextLong(long bound) {
    return random.nextLong(bound);
  }

  <T> T pick(List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  <T> T pick(T[] values) {
    return values[random.nextInt(values.length)];
  }

  String hex(int chars) {
    StringBuilder out = new StringBuilder(chars);
    for (int i = 0; i < chars; i++) {
      out.append(Character.forDigit(random.nextInt(16), 16));
    }
    return out.toString();
  }
}
