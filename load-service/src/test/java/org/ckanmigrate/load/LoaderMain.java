package org.ckanmigrate.load;

import java.nio.file.Path;
import java.util.List;
import org.ckanmigrate.common.spec.SecretRef;
import org.ckanmigrate.common.spec.TargetSpec;

/** Runs one load in its own JVM, so a test can kill it mid-COPY. */
public final class LoaderMain {

  private LoaderMain() {}

  /** Arguments: artifact, jdbcUrl, user, password file, target database, run id, parallelism. */
  public static void main(String[] args) {
    TargetSpec target =
        new TargetSpec(
            args[1],
            args[2],
            SecretRef.ofFile(args[3]),
            args[4],
            true,
            List.of(),
            List.of(),
            Integer.parseInt(args[6]));
    new Loader().load(new LoadRequest(args[5], Path.of(args[0]), null, null, null, target, null));
  }
}
