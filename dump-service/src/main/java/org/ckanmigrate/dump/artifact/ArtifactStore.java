package org.ckanmigrate.dump.artifact;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.regex.Pattern;
import org.ckanmigrate.artifact.Codec;
import org.ckanmigrate.artifact.DumpManifest;

/**
 * The artifact directory. Paths are built here, never taken from input: the run id and database
 * name are validated, the result is checked to stay under the base directory, and symlinks are
 * refused, so no input can make the dump write elsewhere.
 */
public final class ArtifactStore {

  /** A run id: a UUID or a similar plain token. */
  private static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

  private final Path base;

  public ArtifactStore(Path base) {
    this.base = base.toAbsolutePath().normalize();
  }

  public Path base() {
    return base;
  }

  /**
   * The paths of a run's dump. The database name must already be validated (it becomes a file
   * name).
   *
   * @throws IllegalArgumentException if the run id is not a plain token or the paths would leave
   *     the base directory
   */
  public ArtifactPaths paths(String runId, String database, Codec compression) {
    if (runId == null || !RUN_ID.matcher(runId).matches()) {
      throw new IllegalArgumentException(
          "run id '" + runId + "' is not a plain token (letters, digits, '-', '_'; at most 64)");
    }
    Path runDir = base.resolve(runId).normalize();
    Path artifact = runDir.resolve(database + ".sql" + compression.suffix()).normalize();
    if (!runDir.getParent().equals(base) || !artifact.getParent().equals(runDir)) {
      throw new IllegalArgumentException("artifact path escapes " + base);
    }
    return new ArtifactPaths(
        runDir,
        artifact,
        artifact.resolveSibling(artifact.getFileName() + ".part"),
        runDir.resolve(database + ".manifest.json"));
  }

  /**
   * The manifest of a dump already completed for these paths, if its artifact is present with the
   * recorded size. Lets a repeated request return the earlier result instead of dumping twice.
   */
  public Optional<DumpManifest> completed(ArtifactPaths paths) {
    if (!Files.isRegularFile(paths.manifest(), LinkOption.NOFOLLOW_LINKS)
        || !Files.isRegularFile(paths.artifact(), LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty();
    }
    try {
      DumpManifest manifest = DumpManifest.read(paths.manifest());
      return Files.size(paths.artifact()) == manifest.sizeBytes()
          ? Optional.of(manifest)
          : Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * Prepares a clean start: creates the run directory (0700), removes this dump's leftovers (part
   * file, an artifact without manifest) and opens a new part file.
   */
  public ArtifactWriter begin(ArtifactPaths paths, Codec compression) throws IOException {
    if (!Files.isDirectory(base)) {
      Files.createDirectories(base);
    }
    if (Files.isSymbolicLink(paths.runDir())) {
      throw new IOException("refusing to write into " + paths.runDir() + ": it is a symlink");
    }
    if (!Files.isDirectory(paths.runDir())) {
      Files.createDirectory(
          paths.runDir(),
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }
    deleteLeftovers(paths);
    return new ArtifactWriter(paths, compression);
  }

  private static void deleteLeftovers(ArtifactPaths paths) throws IOException {
    Files.deleteIfExists(paths.manifest());
    Files.deleteIfExists(paths.artifact());
    String stem = paths.manifest().getFileName().toString().replace(".manifest.json", ".sql");
    try (DirectoryStream<Path> files = Files.newDirectoryStream(paths.runDir(), stem + "*.part")) {
      for (Path file : files) {
        Files.deleteIfExists(file);
      }
    }
  }

  /** Writes the manifest (temp file, fsync, atomic rename): from now on the dump is complete. */
  public void writeManifest(ArtifactPaths paths, DumpManifest manifest) throws IOException {
    Path tmp = paths.manifest().resolveSibling(paths.manifest().getFileName() + ".part");
    byte[] json = manifest.toJson();
    try (FileChannel out =
        FileChannel.open(
            tmp,
            java.util.Set.of(
                StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
      out.write(java.nio.ByteBuffer.wrap(json));
      out.force(true);
    } catch (IOException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    Files.move(tmp, paths.manifest(), StandardCopyOption.ATOMIC_MOVE);
    fsyncDirectory(paths.runDir());
  }

  /** Makes a rename durable (Linux: fsync on the directory). */
  static void fsyncDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // Some file systems refuse to open directories; the rename itself is still atomic.
    } catch (UncheckedIOException e) {
      // same
    }
  }
}
