package org.ckanmigrate.ssh;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Keeps the last bytes of a command's stderr (the error is usually at the end). */
final class StderrTail extends OutputStream {

  private final byte[] ring;
  private long written;

  StderrTail(int capacity) {
    this.ring = new byte[capacity];
  }

  @Override
  public synchronized void write(int b) {
    ring[(int) (written++ % ring.length)] = (byte) b;
  }

  @Override
  public synchronized void write(byte[] data, int offset, int length) {
    for (int i = 0; i < length; i++) {
      ring[(int) (written++ % ring.length)] = data[offset + i];
    }
  }

  synchronized String text() {
    int size = (int) Math.min(written, ring.length);
    byte[] out = new byte[size];
    long start = written - size;
    for (int i = 0; i < size; i++) {
      out[i] = ring[(int) ((start + i) % ring.length)];
    }
    String text = new String(out, StandardCharsets.UTF_8);
    return written > ring.length ? "..." + text : text;
  }
}
