package org.ckanmigrate.platform.phase;

import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How this service runs its phases ({@code ckan-migrate.phase.*}).
 *
 * @param workers phases this instance runs at once (each may hold several connections)
 * @param lease how long a job stays owned without a heartbeat; after that another instance resumes
 *     or fails it per the phase's policy
 * @param heartbeat how often a running job renews its lease and stores its progress (well under
 *     {@code lease})
 * @param recoveryInterval how often expired leases and orphaned requests are looked for
 * @param outboxInterval how often unsent events are published (they are also sent at once)
 * @param progressInterval how often a running phase's progress is published for live views
 */
@Validated
@ConfigurationProperties("ckan-migrate.phase")
public record PhaseProperties(
    @DefaultValue("2") @Min(1) int workers,
    @DefaultValue("30s") Duration lease,
    @DefaultValue("10s") Duration heartbeat,
    @DefaultValue("10s") Duration recoveryInterval,
    @DefaultValue("500ms") Duration outboxInterval,
    @DefaultValue("2s") Duration progressInterval) {

  public PhaseProperties {
    if (heartbeat.compareTo(lease) >= 0) {
      throw new IllegalArgumentException(
          "ckan-migrate.phase.heartbeat ("
              + heartbeat
              + ") must be shorter than ckan-migrate.phase.lease ("
              + lease
              + "), or every job would look abandoned");
    }
  }
}
