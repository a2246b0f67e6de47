package org.ckanmigrate.load.phase;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.ckanmigrate.load.LoadRequest;
import org.ckanmigrate.platform.files.ArtifactRoots;
import org.ckanmigrate.platform.files.ConfinedPaths;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Tuning of the load phase that is not part of a run spec ({@code ckan-migrate.load.*}).
 *
 * @param spoolDir where a compressed dump is decompressed for parallel loading; empty means the
 *     system temp directory. Needs about the dump's plain SQL size free
 * @param sessionSettings settings applied in every loading session (no server restart needed);
 *     empty means {@code synchronous_commit=off} and {@code maintenance_work_mem=512MB}
 * @param replicaRole set {@code session_replication_role = replica} in loading sessions when the
 *     role is allowed to; otherwise the load runs in section order and says so
 * @param artifactRoots the only directories the load reads dumps and manifests from (real paths,
 *     symlinks resolved; a path with {@code ..} is refused); an event naming anything else fails
 *     with INVALID_ARTIFACT_PATH before the file is opened. Empty means {@code
 *     /var/lib/ckan-migrate/artifacts} and the system temp directory
 */
@Validated
@ConfigurationProperties("ckan-migrate.load")
public record LoadProperties(
    Path spoolDir,
    Map<String, String> sessionSettings,
    @DefaultValue("true") boolean replicaRole,
    List<Path> artifactRoots) {

  ConfinedPaths artifactPaths() {
    return ArtifactRoots.orDefaults(artifactRoots, "ckan-migrate.load.artifact-roots");
  }

  LoadRequest.Options options(java.util.function.LongConsumer rowsLoaded, Runnable beforeSwap) {
    return new LoadRequest.Options(
        spoolDir,
        sessionSettings == null || sessionSettings.isEmpty()
            ? LoadRequest.Options.defaults().sessionSettings()
            : sessionSettings,
        replicaRole,
        rowsLoaded,
        beforeSwap);
  }
}
