package org.ckanmigrate.schema.upgrade;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;

/**
 * Streams a command's output to the log, scrubbed of passwords in URLs ({@code
 * postgresql://user:secret@host}), and keeps its last lines for an error excerpt.
 */
final class OutputTail implements Consumer<String> {

  private static final Pattern URL_PASSWORD = Pattern.compile("(://[^/:@\\s]*:)[^@\\s/]+@");
  private static final Pattern PASSWORD_OPTION = Pattern.compile("(?i)(password\\s*[=:]\\s*)\\S+");

  private final Logger log;
  private final String prefix;
  private final int keep;
  private final Deque<String> tail = new ArrayDeque<>();

  OutputTail(Logger log, String prefix, int keep) {
    this.log = log;
    this.prefix = prefix;
    this.keep = keep;
  }

  static String scrub(String line) {
    String s = URL_PASSWORD.matcher(line).replaceAll("$1***@");
    return PASSWORD_OPTION.matcher(s).replaceAll("$1***");
  }

  @Override
  public synchronized void accept(String line) {
    String clean = scrub(line);
    log.info("{} {}", prefix, clean);
    tail.addLast(clean);
    while (tail.size() > keep) {
      tail.removeFirst();
    }
  }

  synchronized List<String> lines() {
    return List.copyOf(tail);
  }

  synchronized String excerpt() {
    return String.join("\n", tail);
  }
}
