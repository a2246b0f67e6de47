package org.ckanmigrate.dump.phase;

import jakarta.validation.constraints.Min;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.ckanmigrate.dump.DumpSettings;
import org.ckanmigrate.platform.files.ArtifactRoots;
import org.ckanmigrate.platform.files.ConfinedPaths;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Timeouts of the dump phase ({@code ckan-migrate.dump.*}): a dead link must fail the dump, never
 * hang it.
 *
 * @param connectTimeout TCP connect plus key exchange, per hop
 * @param authTimeout public-key authentication, per hop
 * @param heartbeatInterval how often an SSH keep-alive (want-reply) is sent
 * @param heartbeatMaxMissed unanswered keep-alives after which the link is considered dead
 * @param stallTimeout longest time without a byte of output while pg_dump runs (it may wait for a
 *     table lock)
 * @param exitStatusTimeout how long to wait for pg_dump's exit status once its output ended
 * @param progressLogInterval how often a progress line (bytes, MB/s) is logged
 * @param artifactRoots the only directories a run spec's {@code source.artifact-dir} may lie in
 *     (real paths, symlinks resolved, no {@code ..}); anything else fails with
 *     INVALID_ARTIFACT_PATH before a byte is written. Empty means {@code
 *     /var/lib/ckan-migrate/artifacts} and the system temp directory
 */
@Validated
@ConfigurationProperties("ckan-migrate.dump")
public record DumpProperties(
    @DefaultValue("30s") Duration connectTimeout,
    @DefaultValue("30s") Duration authTimeout,
    @DefaultValue("15s") Duration heartbeatInterval,
    @DefaultValue("4") @Min(1) int heartbeatMaxMissed,
    @DefaultValue("10m") Duration stallTimeout,
    @DefaultValue("30s") Duration exitStatusTimeout,
    @DefaultValue("10s") Duration progressLogInterval,
    List<Path> artifactRoots) {

  ConfinedPaths artifactPaths() {
    return ArtifactRoots.orDefaults(artifactRoots, "ckan-migrate.dump.artifact-roots");
  }

  DumpSettings settings() {
    return new DumpSettings(
        connectTimeout,
        authTimeout,
        heartbeatInterval,
        heartbeatMaxMissed,
        stallTimeout,
        exitStatusTimeout,
        progressLogInterval);
  }
}
