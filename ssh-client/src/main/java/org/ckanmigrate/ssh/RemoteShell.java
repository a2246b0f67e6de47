package org.ckanmigrate.ssh;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Command lines for a remote shell. An SSH exec request is one string that the remote user's login
 * shell parses, whatever shell that is; single-quoting every token leaves nothing in it for that
 * shell to expand, split or run.
 */
public final class RemoteShell {

  private RemoteShell() {}

  /** POSIX single quoting: nothing inside is special except the quote itself. */
  public static String quote(String token) {
    return "'" + token.replace("'", "'\\''") + "'";
  }

  /** The tokens, each single-quoted, joined by spaces. */
  public static String commandLine(List<String> tokens) {
    return tokens.stream().map(RemoteShell::quote).collect(Collectors.joining(" "));
  }
}
