package org.ckanmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.ckanmigrate.contract.event.ErrorCode;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ExitCodesTest {

  @Test
  void everyErrorCodeExitsWithItsCategorysCode() {
    for (ErrorCode code : ErrorCode.values()) {
      assertThat(ExitCodes.forErrorCode(code.name()))
          .as(code.name())
          .isEqualTo(code.category().exitCode());
    }
  }

  @Test
  void refusalsThatOnceFellThroughToInternalErrorAreRefusals() {
    // Codes a hand-kept table missed: a run refused for them exited 1 ("report it").
    assertThat(ExitCodes.forErrorCode("INVALID_ARTIFACT_PATH")).isEqualTo(ExitCodes.REFUSED);
    assertThat(ExitCodes.forErrorCode("NOT_A_CKAN_DUMP")).isEqualTo(ExitCodes.REFUSED);
    assertThat(ExitCodes.forErrorCode("INTERNAL_ERROR")).isEqualTo(ExitCodes.INTERNAL);
  }

  @Test
  void aCodeThisBuildDoesNotKnowIsAnInternalError() {
    assertThat(ExitCodes.forErrorCode("SOMETHING_NEW")).isEqualTo(ExitCodes.INTERNAL);
    assertThat(ExitCodes.forErrorCode(null)).isEqualTo(ExitCodes.INTERNAL);
  }

  @Test
  void theHelpListsEveryCategorysExitCode() {
    var listed =
        new CommandLine(new CkanMigrateCli())
            .getCommandSpec().usageMessage().exitCodeList().keySet().stream()
                .map(String::strip)
                .toList();
    for (ErrorCode.Category category : ErrorCode.Category.values()) {
      assertThat(listed).as(category.name()).contains(Integer.toString(category.exitCode()));
    }
  }
}
