package org.ckanmigrate.load.parallel;

import static org.assertj.core.api.Assertions.assertThat;

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
}
