package org.ckanmigrate.platform.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The directories a service may read or write artifacts in: its configuration, never the event's. A
 * path named by an event is accepted only when it is absolute, has no {@code ..} segment and its
 * real path (every symlink resolved) lies under one of the roots' real paths; anything else is
 * refused before it is opened, so a run spec cannot make the load read {@code /etc/passwd} or the
 * dump write outside its artifact directory.
 */
public final class ConfinedPaths {

  private final List<Path> roots;
  private final String property;

  private ConfinedPaths(List<Path> roots, String property) {
    this.roots = List.copyOf(roots);
    this.property = property;
  }

  /**
   * The roots, as configured under {@code property} (named in refusals so the operator knows what
   * to change). A root that does not exist yet is kept by its absolute normalised path.
   */
  public static ConfinedPaths of(List<Path> configured, String property) {
    List<Path> real = new ArrayList<>();
    for (Path root : configured) {
      real.add(realOrNormal(root.toAbsolutePath().normalize()));
    }
    return new ConfinedPaths(real, property);
  }

  public List<Path> roots() {
    return roots;
  }

  /**
   * The real path of an existing regular file under a root.
   *
   * @throws OutsideRootsException when it is not absolute, has {@code ..}, is not under a root once
   *     symlinks are resolved, or is not a regular file
   */
  public Path existingFile(String what, String requested) throws OutsideRootsException {
    Path real = confined(what, requested);
    if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
      throw new OutsideRootsException(what + " " + requested + " is not a regular file");
    }
    return real;
  }

  /**
   * The real path of {@code requested}, which need not exist yet: its deepest existing ancestor is
   * resolved and must be under a root, so a symlinked parent cannot lead outside.
   */
  public Path confined(String what, String requested) throws OutsideRootsException {
    if (requested == null || requested.isBlank()) {
      throw new OutsideRootsException(what + " is empty");
    }
    Path path;
    try {
      path = Path.of(requested);
    } catch (RuntimeException e) {
      throw new OutsideRootsException(what + " is not a valid path");
    }
    if (!path.isAbsolute()) {
      throw new OutsideRootsException(what + " " + requested + " must be an absolute path");
    }
    for (Path segment : path) {
      if (segment.toString().equals("..")) {
        throw new OutsideRootsException(what + " " + requested + " must not contain '..'");
      }
    }
    Path real = realOrNormal(path.normalize());
    for (Path root : roots) {
      if (real.startsWith(root)) {
        return real;
      }
    }
    throw new OutsideRootsException(
        what
            + " "
            + requested
            + (real.equals(path) ? "" : " (really " + real + ")")
            + " is outside the artifact roots "
            + roots
            + "; the service reads and writes artifacts only there (set "
            + property
            + " to change them)");
  }

  /** The real path of the deepest existing ancestor, with the rest appended. */
  private static Path realOrNormal(Path absolute) {
    Path existing = absolute;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return absolute;
    }
    try {
      return existing.toRealPath().resolve(existing.relativize(absolute)).normalize();
    } catch (IOException e) {
      return absolute;
    }
  }

  /** A path an event named lies outside what the service may touch; nothing was opened. */
  public static final class OutsideRootsException extends Exception {
    public OutsideRootsException(String message) {
      super(message);
    }
  }
}
