package org.ckanmigrate.solrserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ServerOptionsTest {

  @Test
  void defaultsToLoopbackPort8983AndTempHome() {
    ServerOptions options = ServerOptions.parse("--core", "ckan=builtin:ckan");

    assertEquals("127.0.0.1", options.host());
    assertEquals(8983, options.port());
    assertNull(options.home());
    assertEquals(new ConfigsetRef.Builtin("ckan"), options.cores().get("ckan"));
  }

  @Test
  void keepsEveryCoreWithItsConfigset() {
    ServerOptions options =
        ServerOptions.parse(
            "--host",
            "0.0.0.0",
            "--port",
            "0",
            "--home",
            "/tmp/h",
            "--core",
            "a=/cs/a",
            "--core",
            "b=builtin:tiny",
            "--exit-on-stdin-close");

    assertEquals("0.0.0.0", options.host());
    assertEquals(0, options.port());
    assertEquals(Path.of("/tmp/h"), options.home());
    assertEquals(new ConfigsetRef.Directory(Path.of("/cs/a")), options.cores().get("a"));
    assertEquals(new ConfigsetRef.Builtin("tiny"), options.cores().get("b"));
    assertTrue(options.exitOnStdinClose());
  }

  @Test
  void rejectsCommandLinesWithAMessageNamingTheProblem() {
    List<List<String>> wrong =
        List.of(
            List.of(),
            List.of("--core", "noequals"),
            List.of("--core", "=dir"),
            List.of("--core", "bad/name=dir"),
            List.of("--core", "a=x", "--core", "a=y"),
            List.of("--port", "http", "--core", "a=x"),
            List.of("--port", "70000", "--core", "a=x"),
            List.of("--port"),
            List.of("--bogus"));
    List<String> expected =
        List.of(
            "no core given",
            "NAME=CONFIGSET",
            "NAME=CONFIGSET",
            "core name 'bad/name' is not valid",
            "core 'a' is given twice",
            "--port must be a number",
            "--port must be a number",
            "--port needs a value",
            "unknown option '--bogus'");
    for (int i = 0; i < wrong.size(); i++) {
      String[] args = wrong.get(i).toArray(String[]::new);
      ServerOptions.UsageException e =
          assertThrows(ServerOptions.UsageException.class, () -> ServerOptions.parse(args));
      assertTrue(
          e.getMessage().contains(expected.get(i)),
          () -> String.join(" ", args) + " gave: " + e.getMessage());
    }
  }
}
