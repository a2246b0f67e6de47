package org.ckanmigrate.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.ckanmigrate.cli.follow.RunState;
import org.ckanmigrate.cli.spec.RunSpecFile;
import org.ckanmigrate.client.StandaloneEventPublisher;
import org.ckanmigrate.contract.event.DumpCompleted;
import org.ckanmigrate.contract.event.EventCodec;
import org.ckanmigrate.contract.event.EventEnvelope;
import org.ckanmigrate.contract.event.RunRequested;
import org.ckanmigrate.contract.event.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ckan-migrate run spec.yaml}: validate the spec, start the run, follow it to the end. */
@Command(
    name = "run",
    description = "Validate a run spec, start the migration and follow it until it ends.")
class RunCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec command;

  @Parameters(paramLabel = "SPEC", description = "The run spec YAML file.")
  Path specFile;

  @Option(
      names = "--start-phase",
      defaultValue = "dump",
      description = "First phase: dump, load, schema or index (default: ${DEFAULT-VALUE}).")
  String startPhase;

  @Option(names = "--run-id", description = "Run id to use (default: a new UUID).")
  String runId;

  @Option(names = "--detach", description = "Start the run and return without following it.")
  boolean detach;

  @Option(
      names = "--timeout",
      description = "Stop following after this long, e.g. PT12H (the run goes on).")
  Duration timeout;

  @Option(
      names = "--progress-every",
      defaultValue = "PT10S",
      description = "How often running phases print a progress line (default: ${DEFAULT-VALUE}).")
  Duration progressEvery;

  @Option(
      names = "--dump-artifact",
      paramLabel = "PATH",
      description =
          "For --start-phase load: the dump artifact to load, as the load-service sees it (its"
              + " manifest is read from beside it unless --dump-manifest says otherwise).")
  String dumpArtifact;

  @Option(names = "--dump-manifest", paramLabel = "PATH", description = "The dump's manifest.")
  String dumpManifest;

  @Option(
      names = "--dump-sha256",
      paramLabel = "HEX",
      description = "The artifact's SHA-256, checked before the target is touched.")
  String dumpSha256;

  @Mixin KafkaOptions kafka;

  @Override
  public Integer call() {
    var out = command.commandLine().getOut();
    var err = command.commandLine().getErr();
    RunSpecFile.Loaded loaded = new RunSpecFile().load(specFile, startPhase);
    if (!loaded.ok()) {
      err.println("The run spec " + specFile + " has " + loaded.problems().size() + " problem(s):");
      loaded.problems().forEach(p -> err.println("  " + p.key() + ": " + p.message()));
      err.println("Nothing was started.");
      return ExitCodes.USAGE;
    }
    RunRequested.PhaseInputs inputs = null;
    if ("load".equals(startPhase)) {
      if (dumpArtifact == null) {
        err.println(
            "A run starting at the load needs the dump to load: --dump-artifact PATH (and"
                + " --dump-manifest, --dump-sha256 if you have them). Nothing was started.");
        return ExitCodes.USAGE;
      }
      inputs =
          new RunRequested.PhaseInputs(
              new DumpCompleted(dumpArtifact, dumpManifest, dumpSha256, 0, null, null, 0, 0));
    }
    String id = runId != null ? runId : UUID.randomUUID().toString();
    EventCodec codec = new EventCodec("/ckan-migrate/cli");
    if (runId != null) {
      // A run's identity is its spec: the services refuse a reused id with another spec too, but
      // saying so here sends nothing at all.
      RunState earlier = RunState.read(kafka.access(), id, codec);
      if (earlier.spec() != null
          && !codec
              .mapper()
              .valueToTree(earlier.spec())
              .equals(codec.mapper().valueToTree(loaded.spec()))) {
        err.println(
            "RUN_ID_CONFLICT: run "
                + id
                + " was requested before with a different run spec, and a run's identity is its"
                + " spec. Nothing was started. Use another --run-id (or none) for this spec, or"
                + " resume run "
                + id
                + " with: ckan-migrate resume "
                + id);
        return ExitCodes.REFUSED;
      }
    }
    EventEnvelope request = codec.start(id, new RunRequested(loaded.spec(), startPhase, inputs));
    try (var publisher = new StandaloneEventPublisher(kafka.access(), codec)) {
      publisher.publish(Topics.EVENTS, request);
    }
    out.println("Run " + id + " requested, starting at " + startPhase + ".");
    out.flush();
    if (detach) {
      out.println("Follow it with: ckan-migrate status " + id);
      return ExitCodes.OK;
    }
    return RunFollowing.follow(kafka.access(), id, request.id(), out, timeout, progressEvery);
  }
}
