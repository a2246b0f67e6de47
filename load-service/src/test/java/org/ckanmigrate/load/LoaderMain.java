package org.ckanmigrate.load;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.List;
import org.ckanmigrate.contract.spec.SecretRef;
import org.ckanmigrate.contract.spec.TargetSpec;

/** Runs one load in its own JVM, so a test can kill it mid-COPY. */
public final class LoaderMain {

  static final String CPU_LINE = "loader process CPU ms: ";
  static final String HEAP_LINE = "loader peak heap bytes: ";

  private LoaderMain() {}

  /**
   * The command that runs a load in a JVM of its own against the shared test server: {@code
   * jvmOptions}, then this class with the artifact, the server's URL, role and password file, and
   * {@code rest} (target database, run id, parallelism[, replace]).
   */
  static List<String> command(
      List<String> jvmOptions, Path artifact, Path passwordFile, String... rest) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                artifact.toString(),
                PgFixtures.server().jdbcUrl("postgres"),
                PgFixtures.server().superuser(),
                passwordFile.toString()));
    args.addAll(List.of(rest));
    return org.ckanmigrate.testsupport.process.ChildJvm.command(jvmOptions, LoaderMain.class, args);
  }

  /**
   * Arguments: artifact, jdbcUrl, user, password file, target database, run id, parallelism, and
   * optionally whether to replace the target (default true).
   */
  public static void main(String[] args) {
    TargetSpec target =
        TargetSpec.builder()
            .jdbcUrl(args[1])
            .user(args[2])
            .password(SecretRef.ofFile(args[3]))
            .database(args[4])
            .replace(args.length < 8 || Boolean.parseBoolean(args[7]))
            .excludeTables(List.of())
            .schemaOnlyTables(List.of())
            .parallelism(Integer.parseInt(args[6]))
            .allowNonCkan(true)
            .build(); // the crash tests replace targets with a synthetic, non-CKAN dump
    // -Dckan.loader.settings=name=value,...: session settings on top of the defaults, for the
    // benchmark's side-by-side variants.
    java.util.Map<String, String> settings =
        new java.util.LinkedHashMap<>(LoadRequest.Options.defaults().sessionSettings());
    for (String pair : System.getProperty("ckan.loader.settings", "").split(",")) {
      if (!pair.isBlank()) {
        settings.put(
            pair.substring(0, pair.indexOf('=')).trim(), pair.substring(pair.indexOf('=') + 1));
      }
    }
    new Loader()
        .load(
            new LoadRequest(
                args[5],
                Path.of(args[0]),
                null,
                null,
                null,
                target,
                new LoadRequest.Options(null, settings, true)));
    // The benchmark reads these lines: the loader's own CPU time (JVM start included) and the
    // peak of its heap pools (an upper bound of the peak heap in use: pools peak at different
    // times).
    System.out.println(
        CPU_LINE
            + ProcessHandle.current().info().totalCpuDuration().map(d -> d.toMillis()).orElse(-1L));
    long peakHeap = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
        peakHeap += pool.getPeakUsage().getUsed();
      }
    }
    System.out.println(HEAP_LINE + peakHeap);
  }
}
