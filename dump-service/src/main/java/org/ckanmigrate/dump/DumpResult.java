package org.ckanmigrate.dump;

import java.nio.file.Path;
import org.ckanmigrate.artifact.DumpManifest;

/**
 * A verified, complete dump.
 *
 * @param artifact the artifact file
 * @param manifestFile its manifest file
 * @param manifest the manifest's content (SHA-256, sizes, per-table COPY row counts)
 * @param reused true if an earlier complete dump of the same run was found and returned instead of
 *     dumping again
 */
public record DumpResult(Path artifact, Path manifestFile, DumpManifest manifest, boolean reused) {}
