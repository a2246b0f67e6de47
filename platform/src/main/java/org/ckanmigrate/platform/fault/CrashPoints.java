package org.ckanmigrate.platform.fault;

/**
 * Named points at which a test can make the process die on the spot, as a power cut or {@code kill
 * -9} would, to prove that work interrupted there restarts cleanly.
 *
 * <p>Only a test sets the system property {@value #PROPERTY} (to one point's name); unset, {@link
 * #reach} does nothing. The process halts without shutdown hooks or finally blocks, so nothing gets
 * the chance to tidy up that a real crash would not give.
 */
public final class CrashPoints {

  /** The system property naming the point to die at. */
  public static final String PROPERTY = "ckan-migrate.test.crash-at";

  /**
   * Optional: a file that makes the point fire once across restarts of the same process (a test
   * restarts a service with the same settings to resume): the halt creates it, and the point is
   * passed by while it exists.
   */
  public static final String ONCE_PROPERTY = "ckan-migrate.test.crash-once";

  /** The exit status of a process halted at a crash point. */
  public static final int EXIT_STATUS = 86;

  private CrashPoints() {}

  /** Halts the process if {@code point} is the one the test asked for. */
  public static void reach(String point) {
    if (point.equals(System.getProperty(PROPERTY))) {
      String once = System.getProperty(ONCE_PROPERTY);
      if (once != null) {
        try {
          java.nio.file.Files.createFile(java.nio.file.Path.of(once));
        } catch (java.io.IOException e) {
          return; // fired already (or cannot be marked): go on as in production
        }
      }
      System.err.println("ckan-migrate: halting at crash point " + point + " (test hook)");
      System.err.flush();
      Runtime.getRuntime().halt(EXIT_STATUS);
    }
  }
}
