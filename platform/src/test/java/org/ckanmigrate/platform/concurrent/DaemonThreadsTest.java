package org.ckanmigrate.platform.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ThreadFactory;
import org.junit.jupiter.api.Test;

class DaemonThreadsTest {

  @Test
  void threadsAreDaemonsNamedWithTheirPoolAndACounter() {
    ThreadFactory factory = DaemonThreads.named("phase-worker-");

    Thread first = factory.newThread(() -> {});
    Thread second = factory.newThread(() -> {});

    assertThat(first.getName()).isEqualTo("phase-worker-1");
    assertThat(second.getName()).isEqualTo("phase-worker-2");
    assertThat(first.isDaemon()).isTrue();
    assertThat(second.isDaemon()).isTrue();
  }
}
