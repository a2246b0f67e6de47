package org.ckanmigrate.schema.upgrade;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;
import org.ckanmigrate.contract.secret.Scrubber;
import org.slf4j.Logger;

/**
 * Streams a command's output to the log, scrubbed of passwords in URLs ({@code
 * postgresql://user:secret@host}), and keeps its last lines for an error excerpt.
 */
final class OutputTail implements Consumer<String> {

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
    return Scrubber.scrub(line);
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

  synchronized String excerpt() {
    return String.join("\n", tail);
  }
}
