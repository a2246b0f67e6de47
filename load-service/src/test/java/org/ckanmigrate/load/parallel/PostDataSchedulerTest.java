package org.ckanmigrate.load.parallel;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.ckanmigrate.load.dump.QualifiedName;
import org.ckanmigrate.load.dump.StatementInfo.Kind;
import org.junit.jupiter.api.Test;

class PostDataSchedulerTest {

  private static final QualifiedName PACKAGE = new QualifiedName("public", "package");
  private static final QualifiedName RESOURCE = new QualifiedName("public", "resource");
  private static final QualifiedName TAG = new QualifiedName("public", "tag");

  private static PostDataScheduler.Task task(Kind kind, QualifiedName t, QualifiedName ref) {
    return new PostDataScheduler.Task(kind, t, ref, 0, null);
  }

  @Test
  void indexesOnOneTableShareItsLock() {
    assertThat(
            PostDataScheduler.conflict(
                task(Kind.INDEX, PACKAGE, null), task(Kind.INDEX, PACKAGE, null)))
        .isFalse();
  }

  @Test
  void aPrimaryKeyExcludesOtherWorkOnItsTable() {
    assertThat(
            PostDataScheduler.conflict(
                task(Kind.KEY, PACKAGE, null), task(Kind.INDEX, PACKAGE, null)))
        .isTrue();
    assertThat(PostDataScheduler.conflict(task(Kind.KEY, PACKAGE, null), task(Kind.KEY, TAG, null)))
        .isFalse();
  }

  @Test
  void foreignKeysLockBothTheirTables() {
    PostDataScheduler.Task resourceToPackage = task(Kind.FOREIGN_KEY, RESOURCE, PACKAGE);
    assertThat(PostDataScheduler.conflict(resourceToPackage, task(Kind.INDEX, PACKAGE, null)))
        .isTrue();
    assertThat(PostDataScheduler.conflict(resourceToPackage, task(Kind.FOREIGN_KEY, TAG, PACKAGE)))
        .isTrue();
    assertThat(PostDataScheduler.conflict(resourceToPackage, task(Kind.INDEX, TAG, null)))
        .isFalse();
  }

  @Test
  void partitionIndexAttachmentsRunAlone() {
    assertThat(
            PostDataScheduler.conflict(
                task(Kind.INDEX_ATTACH, null, null), task(Kind.INDEX, TAG, null)))
        .isTrue();
  }

  @Test
  void keysWaitForTheirTablesDataWhileItLoadsAndOthersGoAhead() throws Exception {
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Map<QualifiedName, Integer> loading = new ConcurrentHashMap<>(Map.of(PACKAGE, 1));
    PostDataScheduler scheduler =
        new PostDataScheduler(
                List.of(
                    task(Kind.KEY, PACKAGE, null),
                    task(Kind.FOREIGN_KEY, RESOURCE, PACKAGE),
                    task(Kind.INDEX, TAG, null)),
                failure)
            .waitingForData(loading);
    List<String> ran = new CopyOnWriteArrayList<>();
    Workers<Object> canceller = new Workers<>(List.of(), List.of(), (c, t) -> {}, failure);
    Thread worker =
        new Thread(
            () ->
                scheduler.work(
                    null, (c, t) -> ran.add(t.kind() + " " + t.table().name()), canceller));
    worker.start();

    Thread.sleep(300); // time enough to run everything that does not wait for the data
    assertThat(ran).containsExactly("INDEX tag");
    assertThat(worker.isAlive()).as("waits for package's data").isTrue();

    loading.put(PACKAGE, 0);
    scheduler.dataDone();
    worker.join(5_000);

    assertThat(worker.isAlive()).isFalse();
    assertThat(ran).containsExactly("INDEX tag", "KEY package", "FOREIGN_KEY resource");
    assertThat(failure.get()).isNull();
  }
}
