package org.ckanmigrate.load.dump;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.ckanmigrate.contract.event.ErrorCode;
import org.ckanmigrate.load.LoadFailedException;
import org.junit.jupiter.api.Test;

class DumpPolicyTest {

  private static DumpPolicy.Decision decide(DumpPolicy p, String sql) {
    return p.decide(sql, StatementInfo.classify(sql), "public");
  }

  @Test
  void defaultSkipsOwnershipPrivilegesAndDatabaseStatements() {
    DumpPolicy p = DumpPolicy.defaults();
    assertThat(decide(p, "ALTER TABLE public.t OWNER TO fresh;").execute()).isFalse();
    assertThat(decide(p, "GRANT ALL ON SCHEMA public TO postgres;").execute()).isFalse();
    assertThat(decide(p, "REVOKE ALL ON SCHEMA public FROM PUBLIC;").execute()).isFalse();
    assertThat(decide(p, "SET SESSION AUTHORIZATION 'fresh';").execute()).isFalse();
    assertThat(decide(p, "CREATE DATABASE x;").execute()).isFalse();
    assertThat(decide(p, "CREATE TABLE public.t (a int);").sql())
        .isEqualTo("CREATE TABLE public.t (a int);");
  }

  @Test
  void mapRewritesEveryOwnerToTheTargetRole() {
    DumpPolicy p = new DumpPolicy(DumpPolicy.Ownership.MAP, "ckan_default", false, null, null);
    assertThat(decide(p, "ALTER TABLE public.t OWNER TO fresh;").sql())
        .isEqualTo("ALTER TABLE public.t OWNER TO \"ckan_default\";");
    assertThat(decide(p, "ALTER FUNCTION public.f(a text) OWNER TO \"Old Owner\";").sql())
        .isEqualTo("ALTER FUNCTION public.f(a text) OWNER TO \"ckan_default\";");
    assertThat(decide(p, "SET ROLE fresh;").execute()).isFalse();
  }

  @Test
  void keepAppliesOwnershipAndPrivilegesAsDumped() {
    DumpPolicy p = new DumpPolicy(DumpPolicy.Ownership.KEEP, null, true, null, null);
    assertThat(decide(p, "ALTER TABLE t OWNER TO fresh;").sql())
        .isEqualTo("ALTER TABLE t OWNER TO fresh;");
    assertThat(decide(p, "GRANT SELECT ON TABLE t TO reader;").execute()).isTrue();
  }

  @Test
  void mapWithoutAValidRoleIsRefused() {
    assertThatThrownBy(() -> new DumpPolicy(DumpPolicy.Ownership.MAP, "x; DROP", false, null, null))
        .isInstanceOfSatisfying(
            LoadFailedException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_REQUEST));
  }

  @Test
  void excludedTableLosesItsSchemaDataIndexesAndForeignKeysToIt() {
    DumpPolicy p = new DumpPolicy(DumpPolicy.Ownership.SKIP, null, false, List.of("tag"), null);
    assertThat(decide(p, "CREATE TABLE tag (id text);").execute()).isFalse();
    assertThat(decide(p, "COPY public.tag (id) FROM stdin;").execute()).isFalse();
    assertThat(decide(p, "CREATE INDEX idx_tag ON public.tag USING btree (id);").execute())
        .isFalse();
    assertThat(
            decide(
                    p,
                    "ALTER TABLE ONLY public.package_tag ADD CONSTRAINT fk FOREIGN KEY (tag_id)"
                        + " REFERENCES public.tag(id);")
                .execute())
        .isFalse();
    assertThat(decide(p, "CREATE TABLE public.package_tag (id text);").execute()).isTrue();
  }

  @Test
  void schemaOnlyTableKeepsItsSchemaButNotItsData() {
    DumpPolicy p =
        new DumpPolicy(DumpPolicy.Ownership.SKIP, null, false, null, List.of("public.package_tag"));
    assertThat(decide(p, "CREATE TABLE package_tag (id text);").execute()).isTrue();
    assertThat(decide(p, "COPY package_tag (id) FROM stdin;").execute()).isFalse();
    assertThat(
            p.decide(
                    "COPY package_tag (id) FROM stdin;",
                    StatementInfo.classify("COPY package_tag (id) FROM stdin;"),
                    "other")
                .execute())
        .isTrue();
  }

  @Test
  void quotedFilterNamesMatchMixedCaseTables() {
    DumpPolicy p =
        new DumpPolicy(
            DumpPolicy.Ownership.SKIP, null, false, List.of("\"Odd\".\"Mixed Case\""), null);
    assertThat(decide(p, "CREATE TABLE \"Odd\".\"Mixed Case\" (a int);").execute()).isFalse();
    assertThat(decide(p, "CREATE TABLE \"Odd\".mixed_case (a int);").execute()).isTrue();
  }

  @Test
  void foreignClientEncodingIsRefusedAndUtf8IsAlreadyInForce() {
    DumpPolicy p = DumpPolicy.defaults();
    assertThat(decide(p, "SET client_encoding = 'UTF8';").execute()).isFalse();
    assertThatThrownBy(() -> decide(p, "SET client_encoding = 'LATIN1';"))
        .isInstanceOfSatisfying(
            LoadFailedException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_DUMP))
        .hasMessageContaining("-E UTF8");
  }
}
