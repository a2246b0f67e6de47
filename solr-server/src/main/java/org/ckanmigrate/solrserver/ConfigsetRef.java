package org.ckanmigrate.solrserver;

import java.nio.file.Path;

/** Where a core's configset comes from: a directory, or one packaged in this jar. */
sealed interface ConfigsetRef {

  String BUILTIN_PREFIX = "builtin:";

  static ConfigsetRef parse(String spec) {
    if (spec.startsWith(BUILTIN_PREFIX)) {
      return new Builtin(spec.substring(BUILTIN_PREFIX.length()));
    }
    return new Directory(Path.of(spec));
  }

  /** A configset directory on disk: either holding {@code conf/} or being the conf dir itself. */
  record Directory(Path path) implements ConfigsetRef {
    @Override
    public String toString() {
      return path.toString();
    }
  }

  /** A configset under {@code configsets/<name>/conf} on this jar's classpath. */
  record Builtin(String name) implements ConfigsetRef {
    @Override
    public String toString() {
      return BUILTIN_PREFIX + name;
    }
  }
}
