package org.ckanmigrate.cli;

import java.io.StringWriter;
import picocli.CommandLine;

/** The CLI run in this JVM as a user runs it: its exit code and what it printed. */
record CliRun(int code, String out, String err) {

  static CliRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cmd = CkanMigrateCli.commandLine(out, err);
    int code = cmd.execute(args);
    return new CliRun(code, out.toString(), err.toString());
  }
}
