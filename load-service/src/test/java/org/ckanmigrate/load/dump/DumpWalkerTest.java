package org.ckanmigrate.load.dump;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.ckanmigrate.contract.event.ErrorCode;
import org.ckanmigrate.load.LoadFailedException;
import org.junit.jupiter.api.Test;

class DumpWalkerTest {

  private static List<DumpWalker.Step> walk(String dump) throws IOException {
    DumpWalker w =
        new DumpWalker(
            new DumpReader(new ByteArrayInputStream(dump.getBytes(StandardCharsets.UTF_8))),
            DumpPolicy.defaults());
    List<DumpWalker.Step> steps = new ArrayList<>();
    DumpWalker.Step s;
    while ((s = w.next()) != null) {
      steps.add(s);
      if (s.item() instanceof DumpItem.CopyStart) {
        w.reader().skipCopyBody();
      }
    }
    return steps;
  }

  @Test
  void copyCarriesTheSessionSettingsInForceAndTheResolvedTable() throws IOException {
    List<DumpWalker.Step> steps =
        walk(
            "SET statement_timeout = 0;\nSET client_encoding = 'UTF8';\n"
                + "SET search_path = public, pg_catalog;\nSET search_path = other, pg_catalog;\n"
                + "COPY t (a) FROM stdin;\n\\.\n");
    DumpWalker.Step copy = steps.get(4);
    assertThat(copy.table()).isEqualTo(new QualifiedName("other", "t"));
    assertThat(copy.settings())
        .containsExactly("SET statement_timeout = 0;", "SET search_path = other, pg_catalog;");
  }

  @Test
  void objectHeaderSchemaResolvesUnqualifiedNames() throws IOException {
    List<DumpWalker.Step> steps =
        walk(
            "SELECT pg_catalog.set_config('search_path', '', false);\n"
                + "-- Data for Name: t; Type: TABLE DATA; Schema: s2; Owner: o\n"
                + "COPY t (a) FROM stdin;\n\\.\n");
    assertThat(steps.get(1).table()).isEqualTo(new QualifiedName("s2", "t"));
  }

  @Test
  void connectingToASecondDatabaseIsRefused() {
    assertThatThrownBy(() -> walk("\\connect a\nSELECT 1;\n\\connect b\n"))
        .isInstanceOfSatisfying(
            LoadFailedException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_DUMP))
        .hasMessageContaining("line 3");
  }

  @Test
  void connectArgumentsNameTheDatabase() {
    assertThat(DumpWalker.databaseOf("ckan")).isEqualTo("ckan");
    assertThat(DumpWalker.databaseOf("\"My Db\"")).isEqualTo("My Db");
    assertThat(DumpWalker.databaseOf("-reuse-previous=on \"dbname='ckan'\"")).isEqualTo("ckan");
  }
}
