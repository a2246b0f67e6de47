package org.ckanmigrate.load.artifact;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ckanmigrate.contract.event.ErrorCode;
import org.ckanmigrate.load.LoadFailedException;
import org.ckanmigrate.load.dump.DumpItem;
import org.ckanmigrate.load.dump.DumpPolicy;
import org.ckanmigrate.load.dump.DumpReader;
import org.ckanmigrate.load.dump.DumpWalker;

/**
 * A whole-artifact check without a target (the loader makes the same checks while it loads, see
 * {@link ArtifactScan}): size and SHA-256 against what the dump recorded, the compressed stream
 * (gzip, zstd or lz4, told apart by their magic numbers) decoded to its end with every member's
 * checksum verified, every statement split and decided (unknown meta-commands fail here), pg_dump's
 * closing comment present, and the position and row count of every COPY block noted. When the
 * artifact is compressed and the load is parallel, the decompressed dump is spooled to disk in the
 * same pass so that workers can read their blocks at offsets.
 */
final class ArtifactInspector {

  private ArtifactInspector() {}

  /**
   * Reads the artifact once, completely.
   *
   * @param expectedSha256 hex SHA-256 the artifact must have, or null
   * @param expectedSize size the artifact must have, or null
   * @param spoolDir where to spool a compressed dump for parallel loading, or null to never spool
   */
  public static DumpIndex inspect(
      Path artifact, String expectedSha256, Long expectedSize, DumpPolicy policy, Path spoolDir) {
    String sha = ArtifactScan.verifyChecksum(artifact, expectedSha256, expectedSize);
    ArtifactScan scan = ArtifactScan.open(artifact, spoolDir);
    try {
      DumpReader reader = scan.reader();
      DumpWalker walker = new DumpWalker(reader, policy);
      List<CopyBlock> blocks = new ArrayList<>();
      DumpWalker.Step step;
      while ((step = walker.next()) != null) {
        if (Thread.currentThread().isInterrupted()) {
          throw new LoadFailedException(
              ErrorCode.INTERRUPTED, "the load was interrupted while checking the artifact");
        }
        if (step.item() instanceof DumpItem.CopyStart copy) {
          long offset = copy.bodyOffset();
          long rows = reader.skipCopyBody();
          if (policy.excluded(step.table())) {
            continue; // neither created nor loaded: nothing to verify
          }
          blocks.add(
              new CopyBlock(
                  step.table(),
                  copy.sql(),
                  copy.line(),
                  offset,
                  reader.lastCopyBodyEnd() - offset,
                  rows,
                  step.settings(),
                  step.decision().execute(),
                  null));
        }
      }
      DumpIndex index = scan.finish(blocks, sha);
      scan.keepSpool();
      return index;
    } catch (IOException e) {
      throw scan.failure(e);
    } finally {
      scan.close();
    }
  }
}
