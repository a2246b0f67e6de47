package org.ckanmigrate.stack.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for servers that must be told their port up front (Kafka's KRaft server and its controller
 * port beside it, the demo's services). A port from {@code new ServerSocket(0)} lies in the
 * kernel's ephemeral range, where any outgoing connection may take it, or the one after it, before
 * the server binds; these come from below that range, and every one of them is checked.
 */
public final class FreePorts {

  private FreePorts() {}

  /** The first of {@code count} consecutive loopback ports that nothing is bound to. */
  public static int consecutive(int count) {
    int below = Math.min(ephemeralLow(), 32768);
    int from = 10000;
    for (int attempt = 0; attempt < 500; attempt++) {
      int base = from + ThreadLocalRandom.current().nextInt(below - from - count);
      if (bindable(base, count)) {
        return base;
      }
    }
    throw new IllegalStateException(
        "found no " + count + " consecutive free loopback ports between " + from + " and " + below);
  }

  private static boolean bindable(int base, int count) {
    for (int port = base; port < base + count; port++) {
      try (ServerSocket s = new ServerSocket()) {
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      } catch (IOException e) {
        return false;
      }
    }
    return true;
  }

  private static int ephemeralLow() {
    try {
      // Read as a stream: procfs reports a size of 0, which trips Files.readString.
      try (var in = Files.newBufferedReader(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))) {
        int low = Integer.parseInt(in.readLine().trim().split("\\s+")[0]);
        return low > 12000 ? low : 32768;
      }
    } catch (IOException | RuntimeException e) {
      return 32768; // Linux's default
    }
  }
}
