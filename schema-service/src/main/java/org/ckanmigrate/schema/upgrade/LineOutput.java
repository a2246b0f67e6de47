package org.ckanmigrate.schema.upgrade;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Cuts a remote command's output stream into lines for a consumer (the SSH client writes from its
 * I/O threads). A trailing {@code \r} is dropped; {@link #flush()} hands on an unfinished last
 * line. Lines longer than 64 KB are cut, so a runaway line cannot exhaust memory.
 */
final class LineOutput extends OutputStream {

  private static final int MAX_LINE = 64 * 1024;

  private final Consumer<String> lines;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();

  LineOutput(Consumer<String> lines) {
    this.lines = lines;
  }

  @Override
  public synchronized void write(int b) {
    if (b == '\n') {
      emit();
    } else {
      line.write(b);
      if (line.size() >= MAX_LINE) {
        emit();
      }
    }
  }

  @Override
  public synchronized void write(byte[] data, int offset, int length) {
    for (int i = offset; i < offset + length; i++) {
      write(data[i]);
    }
  }

  /** Hands on what is left of an unfinished line. */
  @Override
  public synchronized void flush() {
    if (line.size() > 0) {
      emit();
    }
  }

  @Override
  public void close() {
    flush();
  }

  private void emit() {
    String text = line.toString(StandardCharsets.UTF_8);
    line.reset();
    lines.accept(text.endsWith("\r") ? text.substring(0, text.length() - 1) : text);
  }
}
