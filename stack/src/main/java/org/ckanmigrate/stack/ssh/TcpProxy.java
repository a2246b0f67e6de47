package org.ckanmigrate.stack.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP relay on 127.0.0.1 for link faults below SSH: {@link #freezeAfterBytes(long)} stops
 * relaying in both directions while keeping both sockets open, the way a dead route or a dropped
 * NAT entry looks (no FIN, no RST: only keep-alives or timeouts can notice); {@link #cut()} closes
 * everything.
 */
public final class TcpProxy implements AutoCloseable {

  private final ServerSocket listener;
  private final String targetHost;
  private final int targetPort;
  private final AtomicLong downstream = new AtomicLong();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private volatile long freezeAfter = -1;
  private volatile boolean frozen;

  private TcpProxy(String targetHost, int targetPort) throws IOException {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread accept = new Thread(this::acceptLoop, "tcp-proxy-accept");
    accept.setDaemon(true);
    accept.start();
  }

  /** A relay to {@code host:port}, listening on 127.0.0.1 and a free port. */
  public static TcpProxy to(String host, int port) {
    try {
      return new TcpProxy(host, port);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return listener.getLocalPort();
  }

  /** After this many bytes towards the client (over all connections), freeze the link. */
  public void freezeAfterBytes(long bytes) {
    this.freezeAfter = bytes;
  }

  /** Freeze now: nothing more passes either way, sockets stay open. */
  public void freeze() {
    this.frozen = true;
  }

  /** Bytes relayed towards the client so far. */
  public long bytesToClient() {
    return downstream.get();
  }

  /** Closes every relayed connection at once. */
  public void cut() {
    for (Socket socket : sockets) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // already closed
      }
    }
  }

  @Override
  public void close() {
    try {
      listener.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    cut();
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket(targetHost, targetPort);
        sockets.add(client);
        sockets.add(server);
        pump(client, server, false);
        pump(server, client, true);
      } catch (IOException e) {
        return;
      }
    }
  }

  private void pump(Socket from, Socket to, boolean towardsClient) {
    Thread thread =
        new Thread(
            () -> {
              byte[] buffer = new byte[16 * 1024];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                for (int n; (n = in.read(buffer)) >= 0; ) {
                  if (towardsClient && freezeAfter >= 0) {
                    long before = downstream.get();
                    if (before + n > freezeAfter) {
                      int allowed = (int) Math.max(0, freezeAfter - before);
                      out.write(buffer, 0, allowed);
                      out.flush();
                      downstream.addAndGet(allowed);
                      frozen = true;
                    }
                  }
                  if (frozen) {
                    holdUntilClosed(from);
                    return;
                  }
                  out.write(buffer, 0, n);
                  out.flush();
                  if (towardsClient) {
                    downstream.addAndGet(n);
                  }
                }
              } catch (IOException e) {
                // a side closed: the other side is closed by try-with-resources
              }
            },
            "tcp-proxy-" + (towardsClient ? "down" : "up"));
    thread.setDaemon(true);
    thread.start();
  }

  /** Swallows whatever arrives until the socket is closed, relaying nothing. */
  private static void holdUntilClosed(Socket socket) throws IOException {
    InputStream in = socket.getInputStream();
    byte[] sink = new byte[16 * 1024];
    while (in.read(sink) >= 0) {
      // frozen link: drop
    }
  }
}
