package org.ckanmigrate.solrserver;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Lays out a Solr home: {@code solr.xml} plus one directory per core with {@code core.properties}
 * and a fresh copy of its configset. The copy matters: Solr may rewrite a conf dir (managed
 * schema), and a configset in the source tree or in a shared fixture must never change. A core's
 * {@code data} directory is left alone, so a restart on the same home keeps the index.
 */
final class SolrHome {

  static final List<String> BUILTIN_CONFIGSETS = List.of("tiny", "ckan");
  private static final List<String> SCHEMA_FILES =
      List.of("schema.xml", "managed-schema.xml", "managed-schema");

  private SolrHome() {}

  static void prepare(Path home, Map<String, ConfigsetRef> cores) throws IOException {
    Files.createDirectories(home);
    // An empty solr.xml takes every default; without one Solr looks for solr.install.dir.
    Files.writeString(home.resolve("solr.xml"), "<solr></solr>\n", StandardCharsets.UTF_8);
    for (Map.Entry<String, ConfigsetRef> core : cores.entrySet()) {
      Path source = confDir(core.getKey(), core.getValue());
      Path coreDir = home.resolve(core.getKey());
      Path conf = coreDir.resolve("conf");
      deleteRecursively(conf);
      copyRecursively(source, conf);
      Files.writeString(
          coreDir.resolve("core.properties"),
          "name=" + core.getKey() + "\n",
          StandardCharsets.UTF_8);
    }
  }

  /** The conf directory of a configset, checked to hold a solrconfig.xml and a schema. */
  static Path confDir(String core, ConfigsetRef ref) throws IOException {
    Path conf =
        ref instanceof ConfigsetRef.Builtin builtin
            ? builtinConf(core, builtin.name())
            : directoryConf(core, ((ConfigsetRef.Directory) ref).path());
    if (SCHEMA_FILES.stream().noneMatch(name -> Files.isRegularFile(conf.resolve(name)))) {
      throw new ConfigsetException(
          "configset '"
              + ref
              + "' for core '"
              + core
              + "' has no schema: expected one of "
              + SCHEMA_FILES
              + " in "
              + conf);
    }
    return conf;
  }

  private static Path directoryConf(String core, Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new ConfigsetException(
          "configset directory for core '" + core + "' does not exist: " + dir.toAbsolutePath());
    }
    if (Files.isRegularFile(dir.resolve("conf/solrconfig.xml"))) {
      return dir.resolve("conf");
    }
    if (Files.isRegularFile(dir.resolve("solrconfig.xml"))) {
      return dir;
    }
    throw new ConfigsetException(
        "configset directory for core '"
            + core
            + "' has no solrconfig.xml: expected "
            + dir.toAbsolutePath().resolve("conf/solrconfig.xml"));
  }

  private static Path builtinConf(String core, String name) throws IOException {
    URL url =
        SolrHome.class.getClassLoader().getResource("configsets/" + name + "/conf/solrconfig.xml");
    if (url == null) {
      throw new ConfigsetException(
          "no builtin configset '"
              + name
              + "' for core '"
              + core
              + "'; builtin configsets are "
              + BUILTIN_CONFIGSETS);
    }
    try {
      URI uri = url.toURI();
      Path solrconfig;
      try {
        solrconfig = Path.of(uri);
      } catch (FileSystemNotFoundException inJar) {
        // Packaged in solr-server.jar: open the jar as a file system once, then read from it.
        FileSystems.newFileSystem(uri, Map.of());
        solrconfig = Path.of(uri);
      }
      return solrconfig.getParent();
    } catch (URISyntaxException e) {
      throw new IOException("cannot read builtin configset " + name + " at " + url, e);
    }
  }

  static void copyRecursively(Path source, Path target) throws IOException {
    try (Stream<Path> files = Files.walk(source)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Path dest = target.resolve(source.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(dest);
        } else {
          Files.copy(file, dest);
        }
      }
    }
  }

  static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> files = Files.walk(path)) {
      for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(file);
      }
    }
  }

  /** A configset that cannot be used; the message names the core and what is missing. */
  static final class ConfigsetException extends RuntimeException {
    ConfigsetException(String message) {
      super(message);
    }
  }
}
