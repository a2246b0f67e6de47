package org.ckanmigrate.dump.transfer;

/**
 * Where the artifact and manifest now are on the loader's host, and what it took.
 *
 * @param destination {@code user@host:port} of the SFTP host
 * @param remoteArtifact the artifact's path there, as the loader sees it
 * @param remoteManifest the manifest's path there
 * @param bytesSent bytes written by this attempt (both files)
 * @param resumedFromBytes bytes of the artifact already on the host from an earlier, interrupted
 *     attempt (0 when the upload started from the beginning)
 * @param alreadyPresent true if both files were already in place with the right SHA-256 and nothing
 *     was sent
 */
public record TransferResult(
    String destination,
    String remoteArtifact,
    String remoteManifest,
    long bytesSent,
    long resumedFromBytes,
    boolean alreadyPresent) {}
