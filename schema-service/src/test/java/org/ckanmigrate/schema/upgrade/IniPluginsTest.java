package org.ckanmigrate.schema.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class IniPluginsTest {

  private static final List<String> HARVEST = CkanUpgrade.DEFAULT_HARVEST_PLUGINS;

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static String text(byte[] b) {
    return new String(b, StandardCharsets.ISO_8859_1);
  }

  @Test
  void removesHarvestPluginsAndLeavesEveryOtherByteAlone() {
    String ini =
        "#\n# CKAN - Pylons configuration \u00e9\n[DEFAULT]\ndebug = false\n\n"
            + "[app:main]\r\nuse = egg:ckan\r\n"
            + "ckan.plugins = stats  harvest text_view ckan_harvester dcat_rdf_harvester"
            + " datagovuk dgu_harvest\r\n"
            + "ckan.site_url = http://example.org\r\n";
    String out = text(IniPlugins.withoutPlugins(bytes(ini), HARVEST));

    assertThat(out)
        .isEqualTo(
            "#\n# CKAN - Pylons configuration \u00e9\n[DEFAULT]\ndebug = false\n\n"
                + "[app:main]\r\nuse = egg:ckan\r\n"
                + "ckan.plugins = stats text_view datagovuk\r\n"
                + "ckan.site_url = http://example.org\r\n");
  }

  @Test
  void handlesContinuationLinesAndLeadingHarvestPlugin() {
    String ini =
        "[app:main]\nckan.plugins = harvest stats\n    ckan_harvester\n    text_view\n"
            + "# ckan.plugins = harvest\nother = 1\n";

    byte[] out = IniPlugins.withoutPlugins(bytes(ini), HARVEST);

    assertThat(IniPlugins.plugins(bytes(ini)))
        .containsExactly("harvest", "stats", "ckan_harvester", "text_view");
    assertThat(IniPlugins.plugins(out)).containsExactly("stats", "text_view");
    assertThat(text(out))
        .isEqualTo(
            "[app:main]\nckan.plugins = stats\n    \n    text_view\n"
                + "# ckan.plugins = harvest\nother = 1\n");
  }

  @Test
  void onlyTouchesTheAppMainSection() {
    String ini = "[app:other]\nckan.plugins = harvest\n[app:main]\nckan.plugins = harvest x\n";

    assertThat(text(IniPlugins.withoutPlugins(bytes(ini), List.of("harvest"))))
        .isEqualTo("[app:other]\nckan.plugins = harvest\n[app:main]\nckan.plugins = x\n");
  }

  @Test
  void wildcardsMatchWholeNamesOnly() {
    assertThat(IniPlugins.matches("dcat_rdf_harvester", HARVEST)).isTrue();
    assertThat(IniPlugins.matches("dgu_harvest", HARVEST)).isTrue();
    assertThat(IniPlugins.matches("harvest", HARVEST)).isTrue();
    assertThat(IniPlugins.matches("harvesting_stats", HARVEST)).isFalse();
    assertThat(IniPlugins.matches("dcat", HARVEST)).isFalse();
  }
}
