package org.ckanmigrate.solrserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SolrServerMainIT {

  @TempDir Path tmp;

  @Test
  void servesDocumentsIndexedIntoBuiltinAndDirectoryConfigsets() throws Exception {
    Path tinyDir = Path.of("src/main/resources/configsets/tiny");
    try (SolrProcess solr =
        SolrProcess.launch("--port", "0", "--core", "a=builtin:tiny", "--core", "b=" + tinyDir)) {
      String base = solr.awaitReady();
      assertTrue(base.matches("http://127\\.0\\.0\\.1:\\d+/solr"), base);

      for (String core : new String[] {"a", "b"}) {
        HttpResponse<String> update =
            SolrProcess.postJson(
                base + "/" + core + "/update?commit=true",
                "[{\"id\":\"doc-" + core + "\",\"title\":\"Bathing Water Quality\"}]");
        assertEquals(200, update.statusCode(), update.body());

        String found = SolrProcess.get(base + "/" + core + "/select?q=title:water&wt=json").body();
        assertTrue(found.contains("\"numFound\":1"), found);
        assertTrue(found.contains("doc-" + core), found);
      }
      // The configset in the source tree is copied, never touched by Solr.
      assertTrue(Files.isRegularFile(tinyDir.resolve("conf/schema.xml")));
      assertTrue(!Files.exists(tinyDir.resolve("conf/managed-schema.xml")));
    }
  }

  @Test
  void sigtermStopsSolrCleanlyAndARestartOnTheSameHomeAndPortKeepsCommittedDocuments()
      throws Exception {
    Path home = tmp.resolve("home");
    SolrProcess first =
        SolrProcess.launch("--port", "0", "--home", home.toString(), "--core", "a=builtin:tiny");
    String base = first.awaitReady();
    int port = Integer.parseInt(base.replaceAll(".*:(\\d+)/solr", "$1"));
    SolrProcess.postJson(base + "/a/update?commit=true", "[{\"id\":\"kept\",\"title\":\"x\"}]");

    // SIGTERM; Process.destroy() would also close our end of its stdout before STOPPED is read.
    first.process.toHandle().destroy();

    assertEquals(143, first.awaitExit(), "exit status after SIGTERM");
    assertTrue(first.stdout.contains(SolrServerMain.STOPPED), first.stdout + "\n" + first.stderr);
    assertTrue(
        first.stderr.stream().noneMatch(line -> line.contains("ERROR")), first.stderr.toString());
    try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      assertEquals(port, again.getLocalPort());
    }

    try (SolrProcess solr =
        SolrProcess.launch(
            "--port", "" + port, "--home", home.toString(), "--core", "a=builtin:tiny")) {
      assertEquals(base, solr.awaitReady());
      String found = SolrProcess.get(base + "/a/select?q=id:kept&wt=json").body();
      assertTrue(found.contains("\"numFound\":1"), found);
    }
  }

  @Test
  void bindsTheRequestedHostAndStopsWhenStdinClosesIfAsked() throws Exception {
    SolrProcess solr =
        SolrProcess.launch(
            "--host",
            "0.0.0.0",
            "--port",
            "0",
            "--exit-on-stdin-close",
            "--core",
            "a=builtin:tiny");
    String base = solr.awaitReady();
    assertTrue(base.startsWith("http://127.0.0.1:"), base);
    assertEquals(200, SolrProcess.get(base + "/admin/cores?action=STATUS").statusCode());

    solr.process.getOutputStream().close();

    assertEquals(0, solr.awaitExit());
    assertTrue(solr.stdout.contains(SolrServerMain.STOPPED), solr.stdout.toString());
  }

  @Test
  void afterAKillReadyIsAnnouncedOnlyOnceUncommittedUpdatesAreReplayed() throws Exception {
    Path home = tmp.resolve("home");
    SolrProcess first =
        SolrProcess.launch("--port", "0", "--home", home.toString(), "--core", "a=builtin:tiny");
    String base = first.awaitReady();
    SolrProcess.postJson(base + "/a/update", "[{\"id\":\"in-tlog-only\",\"title\":\"x\"}]");
    first.process.destroyForcibly(); // SIGKILL: no commit, no clean close
    first.awaitExit();
    String port = base.replaceAll(".*:(\\d+)/solr", "$1");

    try (SolrProcess solr =
        SolrProcess.launch("--port", port, "--home", home.toString(), "--core", "a=builtin:tiny")) {
      solr.awaitReady();
      // No commit here: the replay ends with one, and READY waits for the replay.
      String found = SolrProcess.get(base + "/a/select?q=id:in-tlog-only&wt=json").body();
      assertTrue(found.contains("\"numFound\":1"), found);
    }
  }

  @Test
  void schemaSolrCannotLoadFailsNamingCoreConfigsetAndCause() throws Exception {
    Path bad = tmp.resolve("bad");
    SolrHome.copyRecursively(Path.of("src/main/resources/configsets/tiny"), bad);
    Path schema = bad.resolve("conf/schema.xml");
    Files.writeString(
        schema, Files.readString(schema).replace("solr.StrField", "solr.NoSuchField"));

    SolrProcess solr =
        SolrProcess.launch("--port", "0", "--core", "good=builtin:tiny", "--core", "bad=" + bad);

    assertEquals(1, solr.awaitExit());
    String failure = solr.lastStderrLine();
    assertTrue(failure.startsWith("SOLR FAILED: core 'bad' did not load from configset"), failure);
    assertTrue(failure.contains("Error loading class 'solr.NoSuchField'"), failure);
    assertTrue(
        solr.stdout.stream().noneMatch(l -> l.startsWith("SOLR READY")), solr.stdout.toString());
  }

  @Test
  void portInUseFailsAtOnceWithAClearMessage() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      long start = System.nanoTime();

      SolrProcess solr = SolrProcess.launch("--port", "" + port, "--core", "a=builtin:tiny");

      assertEquals(1, solr.awaitExit());
      assertEquals(
          "SOLR FAILED: port "
              + port
              + " on 127.0.0.1 is already in use: stop what holds it or pass another --port (0"
              + " picks a free one)",
          solr.lastStderrLine());
      assertTrue(System.nanoTime() - start < 20_000_000_000L, "failed fast, no port retry");
    }
  }

  @Test
  void wrongCommandLineExitsWithStatus2AndUsage() throws IOException, InterruptedException {
    SolrProcess solr = SolrProcess.launch("--port", "0");

    assertEquals(2, solr.awaitExit());
    assertTrue(
        solr.stderr.contains("SOLR FAILED: no core given: add at least one --core NAME=CONFIGSET"),
        solr.stderr.toString());
    assertTrue(
        solr.stderr.stream().anyMatch(l -> l.startsWith("Usage: java -jar solr-server.jar")));
  }
}
