package org.ckanmigrate.dump.artifact;

import java.nio.file.Path;

/**
 * Where one dump's files live: {@code <artifactDir>/<run-id>/<db>.sql.zst} (or {@code .sql.lz4},
 * {@code .sql.gz}, {@code .sql}, after the codec), its {@code .part} while streaming, and {@code
 * <db>.manifest.json}.
 */
public record ArtifactPaths(Path runDir, Path artifact, Path part, Path manifest) {}
