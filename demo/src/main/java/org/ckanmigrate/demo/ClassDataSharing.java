package org.ckanmigrate.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Class data sharing (CDS) for a service's JVM. Four Spring Boot services starting together took
 * about 44 s on two cores, most of it loading and verifying classes: one service's start cost 23
 * CPU s from its nested Boot jar, 16 from the extracted jar and 9 with an archive of the classes
 * its start loads (docs/benchmarks/end-to-end.md). So the demo runs each service from its extracted
 * jar (CDS reads only plain jars on the class path) with that archive, made once by a training
 * start that exits when the context is refreshed, before any listener or web server starts.
 *
 * <p>Everything lives beside the jar, in {@code <service>/target/cds/<key>}, the key hashing the
 * jar's size and time and the JVM's version: a rebuild or another JDK makes a fresh one, and the
 * stale ones are removed. A JVM that cannot use an archive (say, a changed path) warns in its log
 * and starts without it, so the archive only ever saves time.
 */
final class ClassDataSharing {

  private static final String ARCHIVE = "app.jsa";

  private final Path dir;
  private final Path jar;

  private ClassDataSharing(Path dir, Path jar) {
    this.dir = dir;
    this.jar = jar;
  }

  /** The extracted form of {@code bootJar}, extracting it on first use (a second or two). */
  static ClassDataSharing of(Path bootJar) throws IOException {
    Path cds = bootJar.getParent().resolve("cds");
    Path dir = cds.resolve(key(bootJar));
    Path jar = dir.resolve(bootJar.getFileName());
    if (!Files.isRegularFile(jar)) {
      Files.createDirectories(cds);
      Path staging = Files.createTempDirectory(cds, ".extracting-");
      try {
        ChildProcess extract =
            ChildProcess.start(
                "extract " + bootJar.getFileName(),
                List.of(
                    ChildProcess.java(),
                    "-Djarmode=tools",
                    "-jar",
                    bootJar.toString(),
                    "extract",
                    "--destination",
                    staging.resolve("app").toString()),
                Map.of(),
                staging.resolve("extract.log"));
        extract.awaitSuccess(Duration.ofMinutes(2));
        move(staging.resolve("app"), dir);
      } finally {
        deleteTree(staging);
      }
      removeStale(cds, dir);
    }
    return new ClassDataSharing(dir, jar);
  }

  /** The extracted jar, launched with {@code -jar}: its manifest puts {@code lib/} on the path. */
  Path jar() {
    return jar;
  }

  Path archive() {
    return dir.resolve(ARCHIVE);
  }

  boolean trained() {
    return Files.isRegularFile(archive());
  }

  /** The options of a real start: the archive when there is one. */
  List<String> jvmOptions() {
    return trained() ? List.of("-XX:SharedArchiveFile=" + archive()) : List.of();
  }

  /**
   * The options of the training start, which writes the archive to {@code into} as it exits. C1
   * only: compiled code is not archived, so the second compiler would only cost CPU here.
   */
  static List<String> trainingOptions(Path into) {
    return List.of(
        "-XX:ArchiveClassesAtExit=" + into,
        "-XX:TieredStopAtLevel=1",
        "-Dspring.context.exit=onRefresh");
  }

  /** A fresh, not yet published archive file for a training start. */
  Path stagingArchive() throws IOException {
    return Files.createTempFile(dir, ".training-", ".jsa");
  }

  /** Publishes a training start's archive; false (and nothing published) when it wrote none. */
  boolean publish(Path staged) throws IOException {
    if (!Files.isRegularFile(staged) || Files.size(staged) == 0) {
      Files.deleteIfExists(staged);
      return false;
    }
    try {
      Files.move(staged, archive(), StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(staged, archive(), StandardCopyOption.REPLACE_EXISTING);
    }
    return true;
  }

  /** Whether the running process {@code pid} has the archive mapped (Linux's /proc); else false. */
  boolean mappedBy(long pid) {
    Path maps = Path.of("/proc", Long.toString(pid), "maps");
    try (Stream<String> lines = Files.lines(maps, StandardCharsets.UTF_8)) {
      String archive = archive().toString();
      return lines.anyMatch(l -> l.endsWith(archive));
    } catch (IOException | UncheckedIOException e) {
      return false;
    }
  }

  private static String key(Path bootJar) throws IOException {
    String identity =
        bootJar.toAbsolutePath()
            + "|"
            + Files.size(bootJar)
            + "|"
            + Files.getLastModifiedTime(bootJar).toMillis()
            + "|"
            + System.getProperty("java.home")
            + "|"
            + System.getProperty("java.vm.version");
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
      // another demo extracted the same jar at the same time: use its copy
    }
  }

  private static void removeStale(Path cds, Path current) throws IOException {
    try (Stream<Path> entries = Files.list(cds)) {
      for (Path p : entries.toList()) {
        if (!p.equals(current) && !p.getFileName().toString().startsWith(".")) {
          deleteTree(p);
        }
      }
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
