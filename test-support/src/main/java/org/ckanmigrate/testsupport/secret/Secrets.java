package org.ckanmigrate.testsupport.secret;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;

/** Generates secrets from every character class and checks that none leaves a trace. */
public final class Secrets {

  private static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
  private static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  private static final String DIGITS = "0123456789";
  private static final String PUNCT = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
  private static final String NON_ASCII = "éßøЖ中文ñ€😀";
  private static final String[] CLASSES = {LOWER, UPPER, DIGITS, PUNCT, NON_ASCII, " \t"};

  /** What the traces are looked for in: no window of this length may survive. */
  public static final int WINDOW = 5;

  private Secrets() {}

  /**
   * A secret of 10 to 30 characters holding at least one of every class (whitespace only when
   * {@code spaces}: URL user-info cannot carry it), never starting or ending with whitespace.
   */
  public static String generate(Random random, boolean spaces) {
    int classes = spaces ? CLASSES.length : CLASSES.length - 1;
    StringBuilder sb = new StringBuilder();
    int length = 10 + random.nextInt(21);
    for (int i = 0; i < length; i++) {
      String cls = CLASSES[i < classes ? i : random.nextInt(classes)];
      sb.appendCodePoint(
          cls.codePoints().toArray()[random.nextInt((int) cls.codePoints().count())]);
    }
    // shuffle by code point, then keep whitespace off the ends (it would be indistinguishable
    // there)
    int[] cps = sb.codePoints().toArray();
    for (int i = cps.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = cps[i];
      cps[i] = cps[j];
      cps[j] = t;
    }
    String s = new String(cps, 0, cps.length);
    return "k" + s.strip() + "z";
  }

  /**
   * No {@link #WINDOW}-long piece of {@code placed} that the template lacks appears in {@code out}.
   */
  public static void assertNoTrace(String out, String placed, String template, String where) {
    String context = template.replace("{}", "");
    int[] cps = placed.codePoints().toArray();
    for (int i = 0; i + WINDOW <= cps.length; i++) {
      String window = new String(cps, i, WINDOW);
      if (!context.contains(window)) {
        assertThat(out)
            .as("secret %s in %s leaked as %s", placed, where, out)
            .doesNotContain(window);
      }
    }
  }
}
