package org.ckanmigrate.common.fault;

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

  /** The exit status of a process halted at a crash point. */
  public static final int EXIT_STATUS = 86;

  private CrashPoints() {}

  /** Halts the process if {@code point} is the one the test asked for. */
  public static void reach(String point) {
    if (point.equals(System.getProperty(PROPERTY))) {
      System.err.println("ckan-migrate: halting at crash point " + point + " (test hook)");
      System.err.flush();
      Runtime.getRuntime().halt(EXIT_STATUS);
    }
  }
}
