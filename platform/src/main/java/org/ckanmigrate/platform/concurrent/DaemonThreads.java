package org.ckanmigrate.platform.concurrent;

import java.util.concurrent.ThreadFactory;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Thread factories for the services' own pools: daemon threads (a pool left open never keeps a JVM
 * alive) named {@code prefix1}, {@code prefix2}, ... so thread dumps and logs say whose they are.
 * Spring's {@link CustomizableThreadFactory} does the work.
 */
public final class DaemonThreads {

  private DaemonThreads() {}

  /** Daemon threads named {@code prefix} and a counter from 1, e.g. {@code phase-worker-1}. */
  public static ThreadFactory named(String prefix) {
    CustomizableThreadFactory factory = new CustomizableThreadFactory(prefix);
    factory.setDaemon(true);
    return factory;
  }
}
