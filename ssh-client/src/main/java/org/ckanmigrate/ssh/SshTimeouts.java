package org.ckanmigrate.ssh;

import java.time.Duration;

/**
 * Timeouts of an SSH connection. A dead link must fail what runs over it, never hang it.
 *
 * @param connect TCP connect plus key exchange, per hop
 * @param auth public-key authentication, per hop
 * @param heartbeatInterval how often an SSH keep-alive request (want-reply) is sent
 * @param heartbeatMaxMissed unanswered keep-alives after which the session is closed
 * @param idle how long MINA keeps a session without any traffic (default 10 minutes); must outlast
 *     the longest silence of a remote command that is still fine
 */
public record SshTimeouts(
    Duration connect,
    Duration auth,
    Duration heartbeatInterval,
    int heartbeatMaxMissed,
    Duration idle) {

  /** 30 s connect and auth, a keep-alive every 15 s with 4 missed allowed, the given idle time. */
  public static SshTimeouts defaults(Duration idle) {
    return new SshTimeouts(
        Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(15), 4, idle);
  }

  /** Longest time a dead link goes unnoticed: the keep-alive window. */
  public Duration heartbeatWindow() {
    return heartbeatInterval.multipliedBy(heartbeatMaxMissed + 1L);
  }
}
