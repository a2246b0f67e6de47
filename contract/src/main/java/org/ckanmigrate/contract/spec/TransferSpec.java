package org.ckanmigrate.contract.spec;

/**
 * How the artifact reaches the loader. Null or {@code sftp == null} means dumper and loader share
 * {@link SourceSpec#artifactDir()} and nothing is copied.
 *
 * @param sftp the host the artifact is uploaded to (through the source's jump hosts)
 * @param remoteDir the directory on that host
 */
public record TransferSpec(SshEndpoint sftp, String remoteDir) {}
