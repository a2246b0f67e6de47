package org.ckanmigrate.load.dump;

import static org.assertj.core.api.Assertions.assertThat;

import org.ckanmigrate.load.dump.StatementInfo.Kind;
import org.junit.jupiter.api.Test;

class StatementInfoTest {

  private static void assertKind(String sql, Kind kind, String table) {
    StatementInfo info = StatementInfo.classify(sql);
    assertThat(info.kind()).as(sql).isEqualTo(kind);
    assertThat(info.table() == null ? null : info.table().toString()).as(sql).isEqualTo(table);
  }

  @Test
  void recognisesWhatPgDumpWrites() {
    assertKind("COPY public.\"Mixed Case\" (id) FROM stdin;", Kind.COPY, "public.Mixed Case");
    assertKind("COPY activity (id, user_id) FROM stdin;", Kind.COPY, "activity");
    assertKind(
        "CREATE TABLE public.package (id text NOT NULL);", Kind.CREATE_TABLE, "public.package");
    assertKind("CREATE UNLOGGED TABLE s.t (a int);", Kind.CREATE_TABLE, "s.t");
    assertKind("CREATE UNIQUE INDEX idx ON ONLY public.t USING btree (a);", Kind.INDEX, "public.t");
    assertKind("CREATE INDEX idx_x ON \"S\".\"T\" USING btree (x);", Kind.INDEX, "S.T");
    assertKind(
        "ALTER TABLE ONLY public.package\n    ADD CONSTRAINT package_pkey PRIMARY KEY (id);",
        Kind.KEY,
        "public.package");
    assertKind("ALTER TABLE ONLY t ADD CONSTRAINT u UNIQUE (name);", Kind.KEY, "t");
    assertKind(
        "ALTER TABLE public.t ADD CONSTRAINT c CHECK ((a > 0)) NOT VALID;", Kind.KEY, "public.t");
    assertKind(
        "ALTER TABLE ONLY public.t ALTER COLUMN id SET DEFAULT 1;", Kind.TABLE_OTHER, "public.t");
    assertKind("ALTER TABLE public.t OWNER TO fresh;", Kind.OWNER, "public.t");
    assertKind("ALTER FUNCTION public.f() OWNER TO \"Some Role\";", Kind.OWNER, null);
    assertKind("ALTER LARGE OBJECT 16385 OWNER TO fresh;", Kind.OWNER, null);
    assertKind("GRANT ALL ON SCHEMA public TO PUBLIC;", Kind.PRIVILEGE, null);
    assertKind("REVOKE ALL ON TABLE public.t FROM fresh;", Kind.PRIVILEGE, "public.t");
    assertKind(
        "ALTER DEFAULT PRIVILEGES FOR ROLE x GRANT SELECT ON TABLES TO y;", Kind.PRIVILEGE, null);
    assertKind("SET SESSION AUTHORIZATION 'fresh';", Kind.SESSION_ROLE, null);
    assertKind("RESET SESSION AUTHORIZATION;", Kind.SESSION_ROLE, null);
    assertKind("SET ROLE fresh;", Kind.SESSION_ROLE, null);
    assertKind("CREATE DATABASE ckan WITH TEMPLATE = template0;", Kind.DATABASE, null);
    assertKind("ALTER DATABASE ckan OWNER TO fresh;", Kind.DATABASE, null);
    assertKind("COMMENT ON DATABASE ckan IS 'x';", Kind.DATABASE, null);
    assertKind("COMMENT ON TABLE public.t IS 'x';", Kind.TABLE_OTHER, "public.t");
    assertKind("COMMENT ON COLUMN public.t.c IS 'x';", Kind.TABLE_OTHER, "public.t");
    assertKind("COMMENT ON COLUMN t.c IS 'x';", Kind.TABLE_OTHER, "t");
    assertKind(
        "CREATE TRIGGER trg BEFORE INSERT ON public.t FOR EACH ROW EXECUTE FUNCTION f();",
        Kind.TABLE_OTHER,
        "public.t");
    assertKind(
        "CREATE RULE r AS ON INSERT TO public.v DO INSTEAD NOTHING;", Kind.TABLE_OTHER, "public.v");
    assertKind("ALTER SEQUENCE public.s OWNED BY public.t.id;", Kind.TABLE_OTHER, "public.t");
    assertKind("ALTER INDEX public.p_idx ATTACH PARTITION public.c_idx;", Kind.INDEX_ATTACH, null);
    assertKind("SELECT pg_catalog.setval('public.s', 5, true);", Kind.OTHER, null);
  }

  @Test
  void foreignKeyNamesBothTables() {
    StatementInfo info =
        StatementInfo.classify(
            "ALTER TABLE ONLY public.package_tag\n    ADD CONSTRAINT package_tag_tag_id_fkey"
                + " FOREIGN KEY (tag_id) REFERENCES public.tag(id);");
    assertThat(info.kind()).isEqualTo(Kind.FOREIGN_KEY);
    assertThat(info.table()).isEqualTo(new QualifiedName("public", "package_tag"));
    assertThat(info.referenced()).isEqualTo(new QualifiedName("public", "tag"));
  }

  @Test
  void settingsAreNamed() {
    assertThat(StatementInfo.classify("SET search_path = public, pg_catalog;").setting())
        .isEqualTo("search_path");
    StatementInfo cfg =
        StatementInfo.classify("SELECT pg_catalog.set_config('search_path', '', false);");
    assertThat(cfg.kind()).isEqualTo(Kind.SETTING);
    assertThat(cfg.setting()).isEqualTo("search_path");
  }
}
