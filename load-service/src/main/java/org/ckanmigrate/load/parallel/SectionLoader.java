package org.ckanmigrate.load.parallel;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.ckanmigrate.artifact.DumpManifest;
import org.ckanmigrate.contract.event.ErrorCode;
import org.ckanmigrate.load.LoadFailedException;
import org.ckanmigrate.load.artifact.ArtifactScan;
import org.ckanmigrate.load.artifact.CopyBlock;
import org.ckanmigrate.load.artifact.DumpIndex;
import org.ckanmigrate.load.dump.DumpItem;
import org.ckanmigrate.load.dump.DumpPolicy;
import org.ckanmigrate.load.dump.DumpReader;
import org.ckanmigrate.load.dump.DumpWalker;
import org.ckanmigrate.load.dump.QualifiedName;
import org.ckanmigrate.load.dump.Section;
import org.ckanmigrate.load.dump.StatementInfo;
import org.ckanmigrate.load.verify.ExtensionTables;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a dump into an (empty) database section by section, the way pg_restore -j does from a
 * custom archive, but from a plain dump, in one read of the artifact: pre-data in dump order on one
 * connection as the read reaches it; each COPY block, as soon as the read has passed it, queued for
 * N worker connections (largest waiting first), each worker reading its block at its offset in the
 * uncompressed dump or decoding its compressed members (bounded memory: nothing is held); post-data
 * over the same N connections, a worker starting on it as soon as it runs out of COPY blocks (a
 * statement waits for its tables' data): indexes and primary/unique/check constraints per table
 * concurrently, then index partition attachments, then foreign keys concurrently (retried on
 * deadlock), then the rest (triggers, rules, comments, ACLs, materialized view data) in dump order.
 *
 * <p>The read also checks the artifact ({@link ArtifactScan}): it must decode to its end and carry
 * pg_dump's closing comment, or the load fails and the caller drops the staging database. Without a
 * seekable dump (compressed, not spooled, no members) the data streams through one connection in
 * dump order.
 */
public final class SectionLoader {

  private static final Logger log = LoggerFactory.getLogger(SectionLoader.class);

  /** Opens a connection to the database being loaded. */
  @FunctionalInterface
  public interface Connector {
    Connection connect() throws SQLException;
  }

  /** Rows, bytes and time of one table's COPY. */
  public record TableLoad(QualifiedName table, long rows, long bytes, long millis) {}

  /**
   * What the load did.
   *
   * @param index what the read of the artifact found (its COPY blocks, sizes, codec)
   * @param extensionRows the rows each extension-owned table held right after the schema was
   *     created, before any of the dump's data (see {@link ExtensionTables})
   */
  public record Stats(
      DumpIndex index,
      long preDataMillis,
      long dataMillis,
      long postDataMillis,
      List<TableLoad> tables,
      long statementsRun,
      long statementsSkipped,
      boolean replicaRole,
      int dataConnections,
      Map<QualifiedName, Long> extensionRows) {}

  private record PostItem(
      String sql, long line, QualifiedName table, StatementInfo.Kind kind, List<String> settings) {}

  private final StagingSessions sessions;
  private final ArtifactScan scan;
  private final String sha256;
  private final DumpManifest manifest;
  private final DumpPolicy policy;
  private final List<CopyBlock> blocks = new ArrayList<>();

  /** COPY blocks queued or running per table: their keys wait for them. */
  private final Map<QualifiedName, Integer> dataPending = new ConcurrentHashMap<>();

  private final java.util.concurrent.atomic.AtomicLong lastCopyEnd =
      new java.util.concurrent.atomic.AtomicLong();
  private volatile PostDataScheduler overlapped;
  private final int parallelism;
  private java.util.function.LongConsumer rowsLoaded = rows -> {};
  private final java.util.concurrent.atomic.AtomicLong rowsSoFar =
      new java.util.concurrent.atomic.AtomicLong();

  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final Map<QualifiedName, TableLoad> loads = new ConcurrentHashMap<>();
  private final java.util.Set<String> unknownSettings = ConcurrentHashMap.newKeySet();
  private boolean replica;
  private List<QualifiedName> pausedAutovacuum = List.of();
  private long run;
  private long skipped;
  private Map<QualifiedName, Long> extensionRows = Map.of();

  /**
   * @param scan the artifact, opened for the load's one read (with a spool when the data of a
   *     compressed dump without members is to load in parallel)
   * @param sha256 the SHA-256 {@link ArtifactScan#verifyChecksum} checked, or null
   * @param manifest the dump phase's manifest, whose per-table members workers decode, or null
   */
  public SectionLoader(
      Connector connector,
      ArtifactScan scan,
      String sha256,
      DumpManifest manifest,
      DumpPolicy policy,
      int parallelism,
      Map<String, String> bulkSettings,
      boolean useReplicaRole) {
    this.sessions = new StagingSessions(connector, bulkSettings, useReplicaRole);
    this.scan = scan;
    this.sha256 = sha256;
    this.manifest = manifest;
    this.policy = policy;
    this.parallelism = Math.max(1, parallelism);
  }

  /** Receives the rows loaded so far each time a table's COPY ends (for progress views). */
  public SectionLoader onRowsLoaded(java.util.function.LongConsumer listener) {
    this.rowsLoaded = listener;
    return this;
  }

  private void loaded(TableLoad load) {
    loads.put(load.table(), load);
    rowsLoaded.accept(rowsSoFar.addAndGet(load.rows()));
  }

  /** Runs the whole load; on failure the database is left as is (the caller drops it). */
  public Stats load() throws IOException {
    try {
      return doLoad();
    } catch (SQLException e) {
      throw new LoadFailedException(
          ErrorCode.TARGET_UNAVAILABLE, "the staging database failed: " + e.getMessage(), e);
    } finally {
      sessions.close();
    }
  }

  private Stats doLoad() throws IOException, SQLException {
    Connection main = sessions.open();
    replica = sessions.tryReplicaRole(main);
    boolean members = manifest != null && manifest.hasMembers();
    boolean parallelData = parallelism > 1 && (scan.seekable() != null || members);
    List<Connection> workers = new ArrayList<>();
    for (int i = 0; i < parallelism; i++) {
      workers.add(sessions.open());
      if (replica) {
        StagingSessions.exec(workers.get(i), "SET session_replication_role = replica");
      }
    }
    List<PostItem> post = new ArrayList<>();
    long t0 = System.nanoTime();
    long dataStart = -1;
    Workers<CopyBlock> data = null;
    DumpIndex index;
    DumpReader reader = scan.reader();
    try (DumpWalker walker = new DumpWalker(reader, policy)) {
      DumpWalker.Step step;
      while ((step = walker.next()) != null) {
        checkAbort(data);
        DumpItem item = step.item();
        if (item.section() != Section.PRE_DATA && dataStart < 0) {
          extensionRows = ExtensionTables.rows(main); // the extensions' own, before any COPY
          dataStart = System.nanoTime();
          pausedAutovacuum = AutovacuumPause.pause(main);
          if (parallelData) {
            log.info(
                "Loading tables over {} connections as the read reaches them, largest waiting"
                    + " first",
                workers.size());
            data =
                Workers.feed(
                        workers,
                        Comparator.comparingLong(CopyBlock::bodyLength).reversed(),
                        this::copyBlock,
                        failure)
                    .start("load-data");
          }
        }
        if (item instanceof DumpItem.CopyStart copy) {
          copyStart(step, copy, main, parallelData ? data : null, members);
          continue;
        }
        if (!step.decision().execute()) {
          skipped++;
          continue;
        }
        DumpItem.Statement st = (DumpItem.Statement) item;
        if (st.section() == Section.POST_DATA) {
          if (step.info().kind() != StatementInfo.Kind.SETTING) {
            post.add(
                new PostItem(
                    step.decision().sql(),
                    st.line(),
                    step.table(),
                    step.info().kind(),
                    step.settings()));
          }
          continue;
        }
        execute(main, step.decision().sql(), st.line(), step.table(), step.info());
      }
      index = scan.finish(blocks, sha256);
    } catch (IOException | RuntimeException | Error e) {
      stop(data, e);
      LoadFailedException read = e instanceof IOException io ? scan.failure(io) : null;
      if (read != null) {
        throw read;
      }
      throw e;
    }
    long now = System.nanoTime();
    if (dataStart < 0) {
      extensionRows = ExtensionTables.rows(main);
      dataStart = now;
    }
    List<PostItem> rest = new ArrayList<>();
    List<PostDataScheduler.Task> tasks = scheduledTasks(post, rest);
    long dataEnd;
    if (data != null) {
      // Workers out of COPY blocks start on the keys of the tables already loaded.
      PostDataScheduler scheduler =
          new PostDataScheduler(tasks, failure).waitingForData(dataPending);
      overlapped = scheduler;
      Workers<CopyBlock> running = data;
      data.then(c -> scheduler.work(c, this::runTask, running));
      data.close();
      data.await();
      dataEnd = lastCopyEnd.get() > 0 ? lastCopyEnd.get() : System.nanoTime();
      checkAbort(null);
    } else {
      dataEnd = System.nanoTime();
      checkAbort(null);
      runScheduled(tasks, workers);
    }
    finishPostData(rest, workers, main);
    long end = System.nanoTime();
    List<TableLoad> tables = new ArrayList<>(loads.values());
    tables.sort(Comparator.comparingLong(TableLoad::bytes).reversed());
    return new Stats(
        index,
        ms(dataStart - t0),
        ms(dataEnd - dataStart),
        ms(end - dataEnd),
        tables,
        run,
        skipped,
        replica,
        parallelData ? parallelism : 1,
        extensionRows);
  }

  /**
   * A COPY block reached by the read: skipped (excluded or schema-only), queued for a worker (the
   * read has passed it, so its bytes are in the spool or its members are known), or loaded here
   * from the stream.
   */
  private void copyStart(
      DumpWalker.Step step,
      DumpItem.CopyStart copy,
      Connection main,
      Workers<CopyBlock> data,
      boolean members)
      throws IOException {
    DumpReader reader = scan.reader();
    long offset = copy.bodyOffset();
    if (!step.decision().execute()) {
      skipped++;
      long rows = reader.skipCopyBody();
      if (!policy.excluded(step.table())) {
        blocks.add(block(step, copy, reader.lastCopyBodyEnd() - offset, rows, false, null));
      }
      return;
    }
    DumpManifest.TableCopy range =
        data != null && scan.seekable() == null && members ? manifest.tableAt(offset) : null;
    CopyBlock.Member member =
        range == null
            ? null
            : new CopyBlock.Member(range.offset(), range.length(), range.uncompressedOffset());
    if (data != null && (scan.seekable() != null || member != null)) {
      long rows;
      if (range != null && range.uncompressedLength() != null) {
        // The worker decodes this table's members (checking their checksums) and the server
        // counts its rows: the read jumps over them instead of decoding them a second time.
        long end = range.uncompressedOffset() + range.uncompressedLength();
        reader.skipCopyTo(scan.jumpTo(range.offset() + range.length()), end, range.rows());
        rows = range.rows();
      } else {
        rows = reader.skipCopyBody();
        scan.flushSpool();
      }
      CopyBlock block = block(step, copy, reader.lastCopyBodyEnd() - offset, rows, true, member);
      blocks.add(block);
      dataPending.merge(block.table(), 1, Integer::sum);
      data.add(block);
      return;
    }
    blocks.add(copyInline(main, reader, copy, step));
  }

  private static CopyBlock block(
      DumpWalker.Step step,
      DumpItem.CopyStart copy,
      long length,
      long rows,
      boolean load,
      CopyBlock.Member member) {
    return new CopyBlock(
        step.table(),
        copy.sql(),
        copy.line(),
        copy.bodyOffset(),
        length,
        rows,
        step.settings(),
        load,
        member);
  }

  /** Stops the data workers after the read failed with {@code cause}. */
  private void stop(Workers<CopyBlock> data, Throwable cause) {
    if (data == null) {
      return;
    }
    failure.compareAndSet(null, cause);
    data.close();
    data.cancelAll();
    try {
      data.await();
    } catch (RuntimeException ignored) {
      // the read's own failure is the one reported
    }
  }

  private static long ms(long nanos) {
    return nanos / 1_000_000;
  }

  private void checkAbort(Workers<?> data) {
    if (Thread.currentThread().isInterrupted()) {
      failure.compareAndSet(
          null, new LoadFailedException(ErrorCode.INTERRUPTED, "the load was interrupted"));
    }
    if (failure.get() != null) {
      if (data != null) {
        data.cancelAll();
        data.await();
      }
      Throwable f = failure.get();
      throw f instanceof LoadFailedException lf ? lf : new IllegalStateException(f);
    }
  }

  private void execute(
      Connection c, String sql, long line, QualifiedName table, StatementInfo info) {
    try {
      StagingSessions.exec(c, sql);
      run++;
    } catch (SQLException e) {
      if (info.kind() == StatementInfo.Kind.SETTING && "42704".equals(e.getSQLState())) {
        // A newer pg_dump's session setting (e.g. transaction_timeout) unknown to this server.
        if (unknownSettings.add(info.setting())) {
          log.warn(
              "Line {}: the target server does not know the setting {}; skipped",
              line,
              info.setting());
        }
        return;
      }
      throw SqlFailures.of(e, line, table);
    }
  }

  private CopyBlock copyInline(
      Connection main, DumpReader reader, DumpItem.CopyStart copy, DumpWalker.Step step)
      throws IOException {
    QualifiedName table = step.table();
    long start = System.nanoTime();
    CopyIn in = null;
    boolean open = true; // begin's own failure leaves the transaction to roll back too
    try {
      String sql = FrozenCopy.begin(main, table, copy.sql());
      in = main.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
      long dumpRows;
      try (OutputStream out = new BufferedOutputStream(new CopyStreams.CopyInStream(in), 1 << 18)) {
        dumpRows = reader.copyBodyTo(out);
      }
      long rows = in.endCopy();
      FrozenCopy.commit(main);
      open = false;
      long length = reader.lastCopyBodyEnd() - copy.bodyOffset();
      loaded(new TableLoad(table, rows, length, ms(System.nanoTime() - start)));
      run++;
      return block(step, copy, length, dumpRows, true, null);
    } catch (SQLException e) {
      cancel(in);
      if (open) {
        FrozenCopy.rollback(main);
      }
      throw SqlFailures.of(e, copy.line(), table);
    } catch (IOException | RuntimeException e) {
      cancel(in);
      if (open) {
        FrozenCopy.rollback(main);
      }
      if (e.getCause() instanceof SQLException se) {
        throw SqlFailures.of(se, copy.line(), table);
      }
      throw e;
    }
  }

  private static void cancel(CopyIn in) {
    if (in != null && in.isActive()) {
      try {
        in.cancelCopy();
      } catch (SQLException ignored) {
        // the failure is reported already
      }
    }
  }

  private void copyBlock(Connection c, CopyBlock block) throws IOException {
    long start = System.nanoTime();
    try {
      sessions.applySettings(c, block.settings());
      long rows;
      try {
        rows = copyOnce(c, block, FrozenCopy.begin(c, block.table(), block.sql()));
        FrozenCopy.commit(c);
      } catch (SQLException | IOException | RuntimeException e) {
        FrozenCopy.rollback(c);
        throw e;
      }
      loaded(new TableLoad(block.table(), rows, block.bodyLength(), ms(System.nanoTime() - start)));
      dataPending.merge(block.table(), -1, Integer::sum);
      lastCopyEnd.accumulateAndGet(System.nanoTime(), Math::max);
      PostDataScheduler scheduler = overlapped;
      if (scheduler != null) {
        scheduler.dataDone();
      }
    } catch (SQLException e) {
      throw SqlFailures.of(e, block.line(), block.table());
    } catch (IOException e) {
      // A member that does not decode: the read left it to this worker.
      LoadFailedException read = scan.failure(e);
      if (read == null) {
        throw e;
      }
      throw new LoadFailedException(
          read.code(), block.table() + " (line " + block.line() + "): " + read.getMessage(), e);
    }
  }

  private long copyOnce(Connection c, CopyBlock block, String sql)
      throws IOException, SQLException {
    Path file = scan.seekable() != null ? scan.seekable() : scan.artifact();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      InputStream in;
      InputStream member = null;
      if (scan.seekable() != null) {
        in = new CopyStreams.RegionInputStream(ch, block.bodyOffset(), block.bodyLength());
      } else {
        // The block's own compressed members: decompress from the first, skip the COPY line.
        CopyBlock.Member m = block.member();
        member =
            scan.codec()
                .decoder(
                    new BufferedInputStream(
                        new CopyStreams.RegionInputStream(ch, m.fileOffset(), m.fileLength()),
                        1 << 16));
        member.skipNBytes(block.bodyOffset() - m.uncompressedOffset());
        in = new CopyStreams.LimitedInputStream(member, block.bodyLength());
      }
      try {
        long rows = c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql, in, 1 << 18);
        if (member != null
            && !(member.read() == '\\'
                && member.read() == '.'
                && member.read() == '\n'
                && member.read() < 0)) {
          // The \. line must end the table's members, whose last checksum is read here too.
          throw new LoadFailedException(
              ErrorCode.ARTIFACT_CORRUPT,
              "the manifest's compressed member for "
                  + block.table()
                  + " does not hold the COPY data where the dump has it; reload without the"
                  + " manifest's offsets or dump again");
        }
        return rows;
      } finally {
        if (member != null) {
          member.close(); // a zstd decoder holds native memory until closed
        }
      }
    }
  }

  /**
   * The post-data statements the scheduler runs concurrently (indexes, keys, index attachments,
   * foreign keys); the others go to {@code rest}, in dump order.
   */
  private List<PostDataScheduler.Task> scheduledTasks(List<PostItem> post, List<PostItem> rest) {
    Map<QualifiedName, Long> sizes = new java.util.HashMap<>();
    for (CopyBlock b : blocks) {
      sizes.merge(b.table(), b.bodyLength(), Long::sum);
    }
    List<PostDataScheduler.Task> tasks = new ArrayList<>();
    for (PostItem p : post) {
      boolean scheduled =
          switch (p.kind()) {
            case INDEX, KEY, FOREIGN_KEY -> p.table() != null;
            case INDEX_ATTACH -> true;
            default -> false;
          };
      if (!scheduled) {
        rest.add(p);
        continue;
      }
      QualifiedName referenced =
          p.kind() == StatementInfo.Kind.FOREIGN_KEY ? referencedOf(p) : null;
      long size = p.table() == null ? 0 : sizes.getOrDefault(p.table(), 0L);
      tasks.add(new PostDataScheduler.Task(p.kind(), p.table(), referenced, size, p));
    }
    return tasks;
  }

  private void runTask(Connection c, PostDataScheduler.Task t) throws SQLException {
    runGroup(c, List.of((PostItem) t.item()));
  }

  private void runScheduled(List<PostDataScheduler.Task> tasks, List<Connection> workers) {
    if (tasks.isEmpty()) {
      return;
    }
    Workers<Object> canceller = new Workers<>(workers, List.of(), (c, t) -> {}, failure);
    new PostDataScheduler(tasks, failure).run(workers, this::runTask, canceller);
    Throwable f = failure.get();
    if (f != null) {
      throw f instanceof LoadFailedException lf ? lf : new IllegalStateException(f);
    }
  }

  private void finishPostData(List<PostItem> rest, List<Connection> workers, Connection main)
      throws SQLException {
    // Keys and indexes are built: autovacuum may have the tables back (before the ACLs of the
    // rest, which may take the loading role's rights away).
    AutovacuumPause.resume(main, pausedAutovacuum);
    pausedAutovacuum = List.of();
    // Triggers, rules, comments, ACLs, materialized view data: in dump order, after all keys.
    runGroups(
        rest.isEmpty() ? List.of() : List.of(rest),
        (a, b) -> 0,
        workers.subList(0, 1),
        "post-rest");
  }

  private QualifiedName referencedOf(PostItem p) {
    StatementInfo info = StatementInfo.classify(p.sql());
    if (info.referenced() == null) {
      return null;
    }
    // Unqualified references resolve like the referencing table did.
    return info.referenced().schema() != null || p.table() == null
        ? info.referenced()
        : info.referenced().inSchema(p.table().schema());
  }

  private void runGroups(
      List<List<PostItem>> groups,
      Comparator<List<PostItem>> order,
      List<Connection> connections,
      String name) {
    if (groups.isEmpty()) {
      return;
    }
    List<List<PostItem>> sorted = new ArrayList<>(groups);
    sorted.sort(order);
    new Workers<>(connections, sorted, this::runGroup, failure).start(name).await();
  }

  private void runGroup(Connection c, List<PostItem> group) throws SQLException {
    for (PostItem p : group) {
      sessions.applySettings(c, p.settings());
      for (int attempt = 1; ; attempt++) {
        try {
          long started = System.nanoTime();
          StagingSessions.exec(c, p.sql());
          long ms = ms(System.nanoTime() - started);
          if (ms >= 2000) {
            // The long poles of post-data, for tuning (index builds, foreign key validation).
            log.info("Post-data statement at line {} took {} ms: {}", p.line(), ms, brief(p.sql()));
          }
          synchronized (this) {
            run++;
          }
          break;
        } catch (SQLException e) {
          // Foreign keys built side by side lock both tables and may deadlock; one retry wins.
          if ("40P01".equals(e.getSQLState()) && attempt < 5) {
            continue;
          }
          throw SqlFailures.of(e, p.line(), p.table());
        }
      }
    }
  }

  private static String brief(String sql) {
    String one = sql.replaceAll("\\s+", " ").strip();
    return one.length() > 120 ? one.substring(0, 120) + "..." : one;
  }

  /** Writes COPY data straight into the connection. */
}
