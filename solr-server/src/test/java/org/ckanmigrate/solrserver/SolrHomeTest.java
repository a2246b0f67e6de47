package org.ckanmigrate.solrserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SolrHomeTest {

  @TempDir Path tmp;

  @Test
  void copiesConfigsetIntoCoreDirectoryAndWritesCoreProperties() throws IOException {
    Path configset = configset(tmp.resolve("cs"), true);
    Path home = tmp.resolve("home");

    SolrHome.prepare(home, Map.of("core1", new ConfigsetRef.Directory(configset)));

    assertEquals("<solr></solr>\n", Files.readString(home.resolve("solr.xml")));
    assertEquals("name=core1\n", Files.readString(home.resolve("core1/core.properties")));
    assertEquals("<config/>", Files.readString(home.resolve("core1/conf/solrconfig.xml")));
    assertEquals("words", Files.readString(home.resolve("core1/conf/lang/stopwords.txt")));
  }

  @Test
  void acceptsAConfDirectoryGivenDirectly() throws IOException {
    Path configset = configset(tmp.resolve("cs"), true);

    Path conf = SolrHome.confDir("c", new ConfigsetRef.Directory(configset.resolve("conf")));

    assertEquals(configset.resolve("conf"), conf);
  }

  @Test
  void preparingAgainRefreshesConfButKeepsIndexData() throws IOException {
    Path configset = configset(tmp.resolve("cs"), true);
    Path home = tmp.resolve("home");
    SolrHome.prepare(home, Map.of("core1", new ConfigsetRef.Directory(configset)));
    Files.createDirectories(home.resolve("core1/data/index"));
    Files.writeString(home.resolve("core1/data/index/segments_1"), "index");
    Files.writeString(home.resolve("core1/conf/schema.xml.bak"), "left by Solr");
    Files.writeString(configset.resolve("conf/solrconfig.xml"), "<config><!-- v2 --></config>");

    SolrHome.prepare(home, Map.of("core1", new ConfigsetRef.Directory(configset)));

    assertEquals("index", Files.readString(home.resolve("core1/data/index/segments_1")));
    assertEquals(
        "<config><!-- v2 --></config>",
        Files.readString(home.resolve("core1/conf/solrconfig.xml")));
    assertFalse(Files.exists(home.resolve("core1/conf/schema.xml.bak")));
  }

  @Test
  void neverChangesTheSourceConfigset() throws IOException {
    Path configset = configset(tmp.resolve("cs"), true);
    Path home = tmp.resolve("home");

    SolrHome.prepare(home, Map.of("core1", new ConfigsetRef.Directory(configset)));
    Files.writeString(home.resolve("core1/conf/schema.xml"), "rewritten");

    assertEquals("<schema/>", Files.readString(configset.resolve("conf/schema.xml")));
  }

  @Test
  void resolvesBuiltinConfigsetsFromTheClasspath() throws IOException {
    for (String name : SolrHome.BUILTIN_CONFIGSETS) {
      Path conf = SolrHome.confDir("c", new ConfigsetRef.Builtin(name));
      assertTrue(Files.isRegularFile(conf.resolve("solrconfig.xml")), name);
      assertTrue(Files.isRegularFile(conf.resolve("schema.xml")), name);
    }
  }

  @Test
  void rejectsConfigsetsThatSolrCouldNotLoadWithTheirPath() throws IOException {
    Path noSchema = configset(tmp.resolve("noschema"), false);
    Path empty = Files.createDirectories(tmp.resolve("empty"));

    assertMessage(
        "has no schema: expected one of [schema.xml, managed-schema.xml, managed-schema]",
        new ConfigsetRef.Directory(noSchema));
    assertMessage(
        "has no solrconfig.xml: expected " + empty.resolve("conf/solrconfig.xml"),
        new ConfigsetRef.Directory(empty));
    assertMessage(
        "does not exist: " + tmp.resolve("nope"), new ConfigsetRef.Directory(tmp.resolve("nope")));
    assertMessage("no builtin configset 'nope'", new ConfigsetRef.Builtin("nope"));
  }

  private static void assertMessage(String expected, ConfigsetRef ref) {
    SolrHome.ConfigsetException e =
        assertThrows(SolrHome.ConfigsetException.class, () -> SolrHome.confDir("core9", ref));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
    assertTrue(e.getMessage().contains("core9"), e.getMessage());
  }

  private static Path configset(Path dir, boolean withSchema) throws IOException {
    Path conf = Files.createDirectories(dir.resolve("conf/lang")).getParent();
    Files.writeString(conf.resolve("solrconfig.xml"), "<config/>");
    Files.writeString(conf.resolve("lang/stopwords.txt"), "words");
    if (withSchema) {
      Files.writeString(conf.resolve("schema.xml"), "<schema/>");
    }
    return dir;
  }
}
