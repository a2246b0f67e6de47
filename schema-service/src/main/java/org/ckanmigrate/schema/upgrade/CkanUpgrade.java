package org.ckanmigrate.schema.upgrade;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ckanmigrate.contract.event.ErrorCode;
import org.ckanmigrate.contract.spec.SchemaSpec;
import org.ckanmigrate.platform.fault.CrashPoints;
import org.ckanmigrate.schema.SchemaMigrationException;
import org.ckanmigrate.ssh.SshFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CKAN's own schema upgrade, run twice without hand edits (ckan.md §6.1). Pass 1 gets a temporary
 * copy of ckan.ini, beside the real one (so {@code %(here)s} and relative paths still resolve),
 * whose {@code ckan.plugins} lacks the harvest plugins: ckanext-harvest would otherwise try to
 * create datasets through a model the old schema cannot serve. Pass 2 gets the real ini, so
 * ckanext-harvest creates a dataset for every harvest source.
 */
public final class CkanUpgrade {

  /** Plugins removed for pass 1 unless the run spec names others. */
  public static final List<String> DEFAULT_HARVEST_PLUGINS =
      List.of("harvest", "*harvester", "*_harvest");

  /** How long one pass may run unless the run spec says otherwise (data.gov.uk took 2-8 h). */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofHours(12);

  private static final Logger log = LoggerFactory.getLogger(CkanUpgrade.class);
  private static final Logger ckanLog = LoggerFactory.getLogger("org.ckanmigrate.schema.ckan");
  private static final int EXCERPT_LINES = 30;

  private Runnable beforePass = () -> {};
  private java.util.function.IntPredicate passDone = pass -> false;
  private java.util.function.IntConsumer recordPass = pass -> {};
  private final CommandRunner runner;
  private final UpgradeCommands commands;

  public CkanUpgrade(CommandRunner runner, UpgradeCommands commands) {
    this.runner = runner;
    this.commands = commands;
  }

  /** Whether the spec asks for CKAN's upgrade at all (it needs the ini). */
  public static boolean requested(SchemaSpec spec) {
    return spec.iniPath() != null && !spec.iniPath().isBlank();
  }

  /**
   * Reads the ini where the upgrade will run: over SSH this checks the host key, the login and the
   * path before the phase changes anything.
   *
   * @throws SchemaMigrationException CKAN_UPGRADE_FAILED (with {@code sshFailure} when the host was
   *     refused or unreachable)
   */
  public void checkIni(SchemaSpec spec) {
    readIni(spec.iniPath());
  }

  /** What {@link #run} would do, without running anything or writing any file. */
  public UpgradeReport plan(SchemaSpec spec, boolean databaseIsAlembic) {
    byte[] ini = readIni(spec.iniPath());
    List<String> patterns = patterns(spec);
    List<String> all = IniPlugins.plugins(ini);
    List<String> pass1 = IniPlugins.plugins(IniPlugins.withoutPlugins(ini, patterns));
    String template = template(spec, databaseIsAlembic);
    return new UpgradeReport(
        removed(all, pass1),
        List.of(
            new UpgradePass(
                1,
                UpgradeCommand.argv(template, pass1Path(spec.iniPath())),
                pass1,
                -1,
                Duration.ZERO),
            new UpgradePass(
                2, UpgradeCommand.argv(template, spec.iniPath()), all, -1, Duration.ZERO)),
        false);
  }

  /**
   * Runs both passes. {@code afterPass1} runs between them (the caller checks the schema version
   * there, so a wrong head stops the run before ckanext-harvest is loaded).
   *
   * @throws SchemaMigrationException CKAN_UPGRADE_FAILED with an output excerpt
   */
  public UpgradeReport run(SchemaSpec spec, boolean databaseIsAlembic, Runnable afterPass1) {
    byte[] ini = readIni(spec.iniPath());
    List<String> patterns = patterns(spec);
    byte[] pass1Ini = IniPlugins.withoutPlugins(ini, patterns);
    List<String> all = IniPlugins.plugins(ini);
    List<String> pass1Plugins = IniPlugins.plugins(pass1Ini);
    List<String> removed = removed(all, pass1Plugins);
    if (removed.isEmpty()) {
      log.warn(
          "ckan.plugins in {} lists none of {}: pass 1 runs with the same plugins as pass 2",
          spec.iniPath(),
          patterns);
    }
    String template = template(spec, databaseIsAlembic);
    Duration timeout = spec.upgradeTimeout() != null ? spec.upgradeTimeout() : DEFAULT_TIMEOUT;
    String tempIni = pass1Path(spec.iniPath());
    List<UpgradePass> passes = new ArrayList<>();
    try {
      runner.writePrivateFile(tempIni, pass1Ini);
    } catch (SshFailure e) {
      throw unreachable(1, e);
    } catch (IOException e) {
      throw upgradeFailed(
          1,
          "could not write the temporary ini "
              + tempIni
              + " beside the real one ("
              + e.getMessage()
              + "); the directory must be writable by the service's user",
          "",
          e);
    }
    if (passDone.test(1)) {
      log.info("CKAN upgrade pass 1 is recorded done for this run; not run again");
      passes.add(
          new UpgradePass(
              1, UpgradeCommand.argv(template, tempIni), pass1Plugins, 0, Duration.ZERO));
      deleteQuietly(tempIni); // left behind if the earlier attempt died before deleting it
    } else {
      try {
        passes.add(runPass(1, UpgradeCommand.argv(template, tempIni), pass1Plugins, timeout));
      } finally {
        deleteQuietly(tempIni);
      }
      recordPass.accept(1);
      CrashPoints.reach("schema.upgrade.pass-1-recorded");
    }
    afterPass1.run();
    if (passDone.test(2)) {
      log.info("CKAN upgrade pass 2 is recorded done for this run; not run again");
      passes.add(
          new UpgradePass(2, UpgradeCommand.argv(template, spec.iniPath()), all, 0, Duration.ZERO));
    } else {
      passes.add(runPass(2, UpgradeCommand.argv(template, spec.iniPath()), all, timeout));
      recordPass.accept(2);
    }
    return new UpgradeReport(removed, passes, true);
  }

  /**
   * Where the passes a run finished are recorded: {@code done} says whether a pass is (an earlier
   * attempt of the same run), {@code record} records one as it ends. A pass recorded done is not
   * run again.
   */
  public CkanUpgrade passLedger(
      java.util.function.IntPredicate done, java.util.function.IntConsumer record) {
    this.passDone = done;
    this.recordPass = record;
    return this;
  }

  private void deleteQuietly(String tempIni) {
    try {
      runner.deleteFile(tempIni);
    } catch (IOException e) {
      log.warn("Could not delete the temporary ini {}: {}", tempIni, e.getMessage());
    }
  }

  /**
   * Runs {@code fence} right before each pass: the phase confirms it still owns the job, so a
   * worker that lost it never runs CKAN's upgrade beside the new owner.
   */
  public CkanUpgrade beforeEachPass(Runnable fence) {
    this.beforePass = fence;
    return this;
  }

  private UpgradePass runPass(int pass, List<String> argv, List<String> plugins, Duration timeout) {
    beforePass.run();
    log.info("CKAN upgrade pass {} with plugins {}: {}", pass, plugins, argv);
    OutputTail tail = new OutputTail(ckanLog, "[pass " + pass + "]", EXCERPT_LINES);
    CommandOutcome outcome;
    try {
      outcome = runner.run(argv, timeout, tail);
    } catch (SshFailure e) {
      throw unreachable(pass, e);
    } catch (IOException e) {
      // Could not start, or (over SSH) the exit status was lost with the link.
      throw upgradeFailed(
          pass, "could not run " + argv.get(0) + ": " + e.getMessage(), tail.excerpt(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw upgradeFailed(pass, "interrupted", tail.excerpt(), e);
    }
    if (outcome.timedOut()) {
      throw upgradeFailed(
          pass,
          "timed out after "
              + timeout
              + " and was killed; raise schema.upgradeTimeout if the"
              + " database is large",
          tail.excerpt(),
          null);
    }
    if (outcome.exitStatus() != 0) {
      throw upgradeFailed(pass, "exited with status " + outcome.exitStatus(), tail.excerpt(), null);
    }
    log.info("CKAN upgrade pass {} finished in {}", pass, outcome.elapsed());
    return new UpgradePass(pass, argv, plugins, outcome.exitStatus(), outcome.elapsed());
  }

  private byte[] readIni(String iniPath) {
    try {
      return runner.readFile(iniPath);
    } catch (SshFailure e) {
      throw unreachable(1, e);
    } catch (IOException e) {
      throw upgradeFailed(
          1, "could not read the CKAN ini " + iniPath + ": " + e.getMessage(), "", e);
    }
  }

  private String template(SchemaSpec spec, boolean databaseIsAlembic) {
    return spec.upgradeCommand() != null && !spec.upgradeCommand().isBlank()
        ? commands.template(spec.upgradeCommand())
        : UpgradeCommand.defaultTemplate(spec.ckanVersion(), databaseIsAlembic);
  }

  private static List<String> patterns(SchemaSpec spec) {
    return spec.harvestPlugins() == null || spec.harvestPlugins().isEmpty()
        ? DEFAULT_HARVEST_PLUGINS
        : spec.harvestPlugins();
  }

  private static List<String> removed(List<String> all, List<String> kept) {
    List<String> removed = new ArrayList<>(all);
    removed.removeAll(kept);
    return removed;
  }

  /** The temporary ini for pass 1: same directory, recognisable name. */
  static String pass1Path(String iniPath) {
    int slash = iniPath.lastIndexOf('/');
    String dir = slash < 0 ? "" : iniPath.substring(0, slash + 1);
    String name = slash < 0 ? iniPath : iniPath.substring(slash + 1);
    String base = name.endsWith(".ini") ? name.substring(0, name.length() - 4) : name;
    return dir + "." + base + ".ckan-migrate-pass1.ini";
  }

  /**
   * The CKAN host, or a jump host on the way, could not be reached or was refused (nothing of the
   * pass ran; the message names which host). Still CKAN_UPGRADE_FAILED, the schema phase's code for
   * "CKAN's upgrade did not happen"; {@code sshFailure} carries the dump's name of the reason
   * (HOST_KEY_UNKNOWN, HOST_KEY_MISMATCH, AUTH_FAILED, CONNECT_TIMEOUT, INVALID_IDENTIFIER) and the
   * message what to do.
   */
  private static SchemaMigrationException unreachable(int pass, SshFailure e) {
    return upgradeFailed(
        pass, "could not use the CKAN host over SSH (" + e.code() + "): " + e.getMessage(), "", e);
  }

  private static SchemaMigrationException upgradeFailed(
      int pass, String what, String excerpt, Throwable cause) {
    Map<String, String> details = new LinkedHashMap<>();
    details.put("pass", Integer.toString(pass));
    details.put("outputExcerpt", excerpt);
    if (cause instanceof SshFailure ssh) {
      details.put("sshFailure", ssh.code().name());
    }
    return new SchemaMigrationException(
        ErrorCode.CKAN_UPGRADE_FAILED,
        "CKAN's upgrade (pass "
            + pass
            + (pass == 1 ? ", harvest plugins removed" : ", real ini")
            + ") "
            + what
            + (excerpt.isEmpty() ? "" : ". Last output:\n" + excerpt),
        details,
        cause);
  }
}
