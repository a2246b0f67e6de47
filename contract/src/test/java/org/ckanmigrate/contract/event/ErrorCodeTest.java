package org.ckanmigrate.contract.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.ckanmigrate.contract.event.ErrorCode.Category;
import org.junit.jupiter.api.Test;

class ErrorCodeTest {

  @Test
  void theReadmesErrorTableDocumentsEveryCodeAndNoOther() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"));
    int start = readme.indexOf("| code | phase | what to do |");
    assertThat(start).as("the README's error-code table").isPositive();
    String table = readme.substring(start, readme.indexOf("\n\n", start));
    Set<String> documented = new LinkedHashSet<>();
    for (String row : table.lines().skip(2).toList()) {
      String firstCell = row.split("\\|")[1];
      Matcher m = Pattern.compile("`([A-Z_]+)`").matcher(firstCell);
      while (m.find()) {
        documented.add(m.group(1));
      }
    }

    assertThat(documented)
        .containsExactlyInAnyOrderElementsOf(
            Arrays.stream(ErrorCode.values()).map(ErrorCode::name).toList());
  }

  @Test
  void namedFindsACodeAsEventsCarryItAndNothingElse() {
    for (ErrorCode code : ErrorCode.values()) {
      assertThat(ErrorCode.named(code.name())).contains(code);
    }
    // A newer service's code, a typo, a missing code: unknown, never a guess.
    assertThat(ErrorCode.named("TARGET_UNREACHABLE")).isEmpty();
    assertThat(ErrorCode.named("target_busy")).isEmpty();
    assertThat(ErrorCode.named(null)).isEmpty();
  }

  @Test
  void eachCategoryHasItsOwnExitCodeAboveSuccess() {
    assertThat(Arrays.stream(Category.values()).map(Category::exitCode).collect(Collectors.toSet()))
        .hasSize(Category.values().length)
        .doesNotContain(0);
  }

  @Test
  void onlyFaultsInWhatResumeRepeatsAreNotResumable() {
    // Resume repeats the run's spec and its recorded dump: a fault in either needs a new run.
    assertThat(Arrays.stream(ErrorCode.values()).filter(c -> !c.resumable()))
        .containsExactlyInAnyOrder(
            ErrorCode.INVALID_REQUEST,
            ErrorCode.INVALID_IDENTIFIER,
            ErrorCode.TARGET_IS_SOURCE,
            ErrorCode.RUN_ID_CONFLICT,
            ErrorCode.UNSUPPORTED_DUMP,
            ErrorCode.UNKNOWN_META_COMMAND,
            ErrorCode.ARTIFACT_CORRUPT,
            ErrorCode.ARTIFACT_INCOMPLETE,
            ErrorCode.CHECKSUM_MISMATCH);
    // An outage, a crash, a busy target: resume is exactly what to do.
    assertThat(ErrorCode.INTERRUPTED.resumable()).isTrue();
    assertThat(ErrorCode.STATE_DB_UNAVAILABLE.resumable()).isTrue();
    assertThat(ErrorCode.TARGET_BUSY.resumable()).isTrue();
  }
}
