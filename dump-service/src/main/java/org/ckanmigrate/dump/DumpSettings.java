package org.ckanmigrate.dump;

import java.time.Duration;

/**
 * Timeouts of a dump. A dead link must fail the dump, never hang it.
 *
 * @param connectTimeout TCP connect plus key exchange, per hop
 * @param authTimeout public-key authentication, per hop
 * @param heartbeatInterval how often an SSH keep-alive request (want-reply) is sent
 * @param heartbeatMaxMissed unanswered keep-alives after which the session is closed
 * @param stallTimeout longest time without a byte of dump output while pg_dump runs (a remote side
 *     that answers keep-alives but sends nothing, e.g. pg_dump waiting on a lock)
 * @param exitStatusTimeout how long to wait for the exit status once the output has ended
 * @param progressLogInterval how often a progress line (bytes, MB/s) is logged
 */
public record DumpSettings(
    Duration connectTimeout,
    Duration authTimeout,
    Duration heartbeatInterval,
    int heartbeatMaxMissed,
    Duration stallTimeout,
    Duration exitStatusTimeout,
    Duration progressLogInterval) {

  /**
   * 30 s connect and auth, keep-alive every 15 s with 4 missed allowed (a dead link is noticed
   * within about a minute), 10 minutes without output tolerated (pg_dump may legitimately wait for
   * a table lock), progress every 10 s.
   */
  public static DumpSettings defaults() {
    return new DumpSettings(
        Duration.ofSeconds(30),
        Duration.ofSeconds(30),
        Duration.ofSeconds(15),
        4,
        Duration.ofMinutes(10),
        Duration.ofSeconds(30),
        Duration.ofSeconds(10));
  }
}
