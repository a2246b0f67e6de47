package org.ckanmigrate.schema.upgrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class UpgradeCommandTest {

  @Test
  void pasterTemplateBecomesArgvWithTheIniAsOneToken() {
    assertThat(UpgradeCommand.argv(UpgradeCommand.PASTER, "/etc/ckan/my ckan.ini"))
        .containsExactly("paster", "--plugin=ckan", "db", "upgrade", "-c", "/etc/ckan/my ckan.ini");
  }

  @Test
  void quotesGroupAndNoShellInterpretsMetacharacters() {
    assertThat(
            UpgradeCommand.argv(
                "sudo -u ckan '/usr/lib/ckan/bin/ckan' -c {ini} db upgrade", "/x;rm -rf /"))
        .containsExactly(
            "sudo", "-u", "ckan", "/usr/lib/ckan/bin/ckan", "-c", "/x;rm -rf /", "db", "upgrade");
    assertThat(UpgradeCommand.argv("bash -c \"sleep 1\" {ini}", "a.ini"))
        .containsExactly("bash", "-c", "sleep 1", "a.ini");
  }

  @Test
  void templateWithoutIniIsRefused() {
    assertThatThrownBy(() -> UpgradeCommand.argv("paster db upgrade", "a.ini"))
        .hasMessageContaining("{ini}");
  }

  @Test
  void defaultFollowsTheTargetRelease() {
    assertThat(UpgradeCommand.defaultTemplate("2.7.4", false)).isEqualTo(UpgradeCommand.PASTER);
    assertThat(UpgradeCommand.defaultTemplate("2.8", false)).isEqualTo(UpgradeCommand.PASTER);
    assertThat(UpgradeCommand.defaultTemplate("2.9.11", false)).isEqualTo(UpgradeCommand.CKAN_CLI);
    assertThat(UpgradeCommand.defaultTemplate("2.10.4", false)).isEqualTo(UpgradeCommand.CKAN_CLI);
    assertThat(UpgradeCommand.defaultTemplate(null, true)).isEqualTo(UpgradeCommand.CKAN_CLI);
    assertThat(UpgradeCommand.defaultTemplate(null, false)).isEqualTo(UpgradeCommand.PASTER);
  }

  @Test
  void knownHeadsByRelease() {
    assertThat(KnownHeads.forRelease("2.7.4")).containsExactly("85");
    assertThat(KnownHeads.forRelease("2.10.7")).containsExactly("9f33a0280c51");
    assertThat(KnownHeads.forRelease("3.0")).isEmpty();
  }

  @Test
  void passOneIniSitsBesideTheRealOne() {
    assertThat(CkanUpgrade.pass1Path("/etc/ckan/default/ckan.ini"))
        .isEqualTo("/etc/ckan/default/.ckan.ckan-migrate-pass1.ini");
  }

  @Test
  void outputIsScrubbedOfPasswords() {
    assertThat(OutputTail.scrub("connect postgresql://ckan:s3cret@db:5432/ckan failed"))
        .isEqualTo("connect postgresql://ckan:****@db:5432/ckan failed")
        .doesNotContain("s3cret");
    assertThat(OutputTail.scrub("password=hunter2 user=ckan")).doesNotContain("hunter2");
  }
}
