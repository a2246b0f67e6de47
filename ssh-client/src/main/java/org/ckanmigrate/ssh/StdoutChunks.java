package org.ckanmigrate.ssh;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.sshd.common.channel.Channel;
import org.apache.sshd.common.channel.LocalWindow;

/**
 * A command's stdout handed from MINA's I/O thread to one consumer thread in reused chunks: each
 * SSH packet is copied once, into a chunk, and the consumer works on the chunk itself. MINA's
 * thread never waits for the consumer, so keep-alive replies and the rest of the session go on
 * while the consumer is busy (a slow disk, a busy compressor). Backpressure is SSH's own: the
 * channel's window is opened again only for bytes the consumer has finished with, so the remote
 * side never has more than one window (2 MB by default) in flight and the chunks stay bounded.
 *
 * <p>Replaces MINA's {@code ChannelPipedInputStream} for bulk output: that copies each packet into
 * a growing buffer and out again into the reader's.
 */
public final class StdoutChunks {

  /** Receives stdout bytes on the consumer's thread; what it throws reaches the consumer. */
  @FunctionalInterface
  public interface Sink {
    void accept(byte[] data, int offset, int length) throws IOException;
  }

  static final int CHUNK = 128 * 1024;

  private static final class Chunk {
    final byte[] data = new byte[CHUNK];
    int length;
  }

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition ready = lock.newCondition();
  private final ArrayDeque<Chunk> filled = new ArrayDeque<>();
  private final ArrayDeque<Chunk> free = new ArrayDeque<>();
  private Channel channel;
  private boolean ended;
  private Throwable closeReason;
  private long received;

  void attach(Channel channel) {
    this.channel = channel;
  }

  /** MINA's I/O thread: copies a packet's data; never waits for the consumer. */
  void append(byte[] data, int offset, int length) {
    lock.lock();
    try {
      if (ended) {
        return;
      }
      received += length;
      boolean filledOne = false;
      while (length > 0) {
        Chunk tail = filled.peekLast();
        if (tail == null || tail.length == CHUNK) {
          tail = free.isEmpty() ? new Chunk() : free.pollFirst();
          tail.length = 0;
          filled.addLast(tail);
        }
        int n = Math.min(length, CHUNK - tail.length);
        System.arraycopy(data, offset, tail.data, tail.length, n);
        tail.length += n;
        offset += n;
        length -= n;
        filledOne |= tail.length == CHUNK;
      }
      // A waiting consumer is woken per full chunk, not per packet (4x fewer thread switches);
      // a part-filled chunk is picked up when the consumer comes back or its wait times out.
      if (filledOne) {
        ready.signal();
      }
    } finally {
      lock.unlock();
    }
  }

  /** End of output: EOF from the remote side, or the channel closed (with why, if abnormally). */
  void end(Throwable reason) {
    lock.lock();
    try {
      ended = true;
      if (closeReason == null && reason != null) {
        closeReason = reason;
      }
      ready.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Hands the oldest chunk of output to {@code sink} on this thread, even a part-filled one; when
   * there is none, waits up to {@code wait} for a full chunk or the end. The chunk is reused and
   * its bytes are let through the SSH window once {@code sink} returns. One consumer thread at a
   * time.
   *
   * @return bytes handed to {@code sink}; 0 if none arrived within {@code wait}; -1 once the output
   *     has ended and everything before the end was handed over
   * @throws IOException only what {@code sink} threw
   * @throws InterruptedException if this thread is interrupted while waiting
   */
  public long drain(Sink sink, Duration wait) throws IOException, InterruptedException {
    Chunk chunk;
    lock.lock();
    try {
      long nanos = wait.toNanos();
      while (filled.isEmpty()) {
        if (ended) {
          return -1;
        }
        if (nanos <= 0) {
          return 0;
        }
        nanos = ready.awaitNanos(nanos); // then a part-filled chunk is taken as well
      }
      chunk = filled.pollFirst();
    } finally {
      lock.unlock();
    }
    int n = chunk.length;
    try {
      sink.accept(chunk.data, 0, n);
    } finally {
      lock.lock();
      try {
        free.addLast(chunk);
      } finally {
        lock.unlock();
      }
    }
    openWindow(n);
    return n;
  }

  private void openWindow(int n) {
    LocalWindow window = channel.getLocalWindow();
    if (!window.isOpen()) {
      return;
    }
    try {
      window.release(n);
    } catch (IOException | RuntimeException e) {
      // The link is failing: end the stream with the reason instead of waiting for data that the
      // remote side may not send without window.
      end(e);
      channel.close(true);
    }
  }

  /** Why the channel closed abnormally, or null. */
  public Throwable closeReason() {
    lock.lock();
    try {
      return closeReason;
    } finally {
      lock.unlock();
    }
  }

  /** Bytes received from the remote side so far (handed over or not). */
  public long received() {
    lock.lock();
    try {
      return received;
    } finally {
      lock.unlock();
    }
  }
}
