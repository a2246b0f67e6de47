package org.ckanmigrate.index.document;

import static org.assertj.core.api.Assertions.assertThat;

import org.ckanmigrate.index.read.CkanRelease;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each release's register, as CKAN's license.py at the release's last tag has it. */
class LicensesTest {

  @ParameterizedTest
  @EnumSource(CkanRelease.class)
  void everyReleaseHasCkansFifteenDefaultLicenses(CkanRelease release) {
    Licenses l = Licenses.ckanDefault(release);
    for (String id :
        new String[] {
          "notspecified",
          "odc-pddl",
          "odc-odbl",
          "odc-by",
          "cc-zero",
          "cc-by",
          "cc-by-sa",
          "gfdl",
          "other-open",
          "other-pd",
          "other-at",
          "uk-ogl",
          "cc-nc",
          "other-nc",
          "other-closed"
        }) {
      assertThat(l.get(id)).as(release + " " + id).isNotNull();
    }
    assertThat(l.get("cc-by").open()).isTrue();
    assertThat(l.get("cc-nc").open()).isFalse();
    assertThat(l.get("other-closed").open()).isFalse();
    assertThat(l.get("no-such-license")).isNull();
  }

  @Test
  void ukOglMovedToTheNationalArchivesIn210() {
    assertThat(Licenses.ckanDefault(CkanRelease.V2_9).get("uk-ogl").url())
        .isEqualTo("http://reference.data.gov.uk/id/open-government-licence");
    for (CkanRelease r : new CkanRelease[] {CkanRelease.V2_10, CkanRelease.V2_11}) {
      assertThat(Licenses.ckanDefault(r).get("uk-ogl").url())
          .isEqualTo("https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/");
    }
  }

  @Test
  void titlesAreTheReleasesOwn() {
    assertThat(Licenses.ckanDefault(CkanRelease.V2_10).get("notspecified").title())
        .isEqualTo("License not specified");
    assertThat(Licenses.ckanDefault(CkanRelease.V2_10).get("uk-ogl").title())
        .isEqualTo("UK Open Government Licence (OGL)");
  }
}
