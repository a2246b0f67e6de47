package org.ckanmigrate.cli;

import java.io.IOException;
import java.io.Writer;
import org.ckanmigrate.contract.secret.Scrubber;

/**
 * Everything the CLI prints goes through {@link Scrubber}, a line at a time (a secret split over
 * two {@code print} calls is still seen whole); a partial line is written on flush.
 */
final class ScrubbingWriter extends Writer {

  private final Writer out;
  private final StringBuilder line = new StringBuilder();

  ScrubbingWriter(Writer out) {
    this.out = out;
  }

  @Override
  public synchronized void write(char[] chars, int off, int len) throws IOException {
    for (int i = off; i < off + len; i++) {
      line.append(chars[i]);
      if (chars[i] == '\n') {
        emit();
      }
    }
  }

  @Override
  public synchronized void flush() throws IOException {
    emit();
    out.flush();
  }

  @Override
  public synchronized void close() throws IOException {
    flush();
    out.close();
  }

  private void emit() throws IOException {
    if (!line.isEmpty()) {
      out.write(Scrubber.scrub(line.toString()));
      line.setLength(0);
    }
  }
}
