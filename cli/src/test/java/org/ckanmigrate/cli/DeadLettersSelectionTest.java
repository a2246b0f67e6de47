package org.ckanmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeadLettersSelectionTest {

  @Test
  void aRunsEventsAndItsReindexWorkItemsAreSelectedByItsId() {
    assertThat(DeadLettersCommand.Selection.ofRun("run-1", "run-1")).isTrue();
    assertThat(DeadLettersCommand.Selection.ofRun("run-1/7", "run-1")).isTrue();
    assertThat(DeadLettersCommand.Selection.ofRun("run-1/7~3", "run-1")).isTrue();
  }

  @Test
  void anotherRunWhoseIdStartsTheSameIsNot() {
    assertThat(DeadLettersCommand.Selection.ofRun("run-10/7", "run-1")).isFalse();
    assertThat(DeadLettersCommand.Selection.ofRun("run-10", "run-1")).isFalse();
    assertThat(DeadLettersCommand.Selection.ofRun(null, "run-1")).isFalse();
  }
}
