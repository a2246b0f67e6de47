package org.ckanmigrate.ssh;

import java.io.IOException;
import java.util.EnumSet;
import java.util.Set;
import org.ckanmigrate.contract.event.ErrorCode;

/**
 * An SSH connection was refused or could not be made, for a reason the operator can act on. The
 * message names the host and what to do; it never holds a secret. An {@link IOException}, so it
 * passes through I/O signatures; {@link #code()} is the error code a phase reports it with (the
 * schema phase wraps it in {@code CKAN_UPGRADE_FAILED} and names it in its details).
 */
public final class SshFailure extends IOException {

  /** The codes an SSH connection fails with. */
  public static final Set<ErrorCode> CODES =
      EnumSet.of(
          ErrorCode.HOST_KEY_UNKNOWN,
          ErrorCode.HOST_KEY_MISMATCH,
          ErrorCode.AUTH_FAILED,
          ErrorCode.CONNECT_TIMEOUT,
          ErrorCode.INVALID_IDENTIFIER);

  private final ErrorCode code;

  public SshFailure(ErrorCode code, String message) {
    this(code, message, null);
  }

  public SshFailure(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    if (!CODES.contains(code)) {
      throw new IllegalArgumentException(code + " is not an SSH connection failure");
    }
    this.code = code;
  }

  public ErrorCode code() {
    return code;
  }
}
