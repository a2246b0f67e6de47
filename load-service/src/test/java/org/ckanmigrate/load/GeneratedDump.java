package org.ckanmigrate.load;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import org.ckanmigrate.stack.postgres.TestDatabase;

/**
 * A source database holding every construct a pg_dump of a CKAN-like database can contain, and its
 * plain dump: several schemas, quoted mixed-case identifiers, an empty table, a row of several MB,
 * tabs/backslashes/newlines/\N/unicode in COPY data, functions with plain and tagged dollar quotes
 * and an SQL-standard body, a trigger, a view, a materialized view, comments, sequences, foreign
 * keys, a large object, and storage parameters (one table with its own autovacuum setting).
 */
final class GeneratedDump {

  static final List<String> SOURCE_SQL =
      List.of(
          "CREATE SCHEMA \"Odd Schema\"",
          "CREATE SCHEMA other",
          "CREATE TABLE public.package (id text PRIMARY KEY, name text NOT NULL UNIQUE,"
              + " notes text, extras jsonb, created timestamptz DEFAULT now())",
          "CREATE TABLE public.tag (id serial PRIMARY KEY, name text) WITH (fillfactor = 80)",
          "CREATE TABLE public.package_tag (id bigserial PRIMARY KEY,"
              + " package_id text REFERENCES public.package(id), tag_id int REFERENCES"
              + " public.tag(id))",
          "CREATE TABLE \"Odd Schema\".\"MixedCase\" (\"Id\" int PRIMARY KEY, \"Some;Col\" text,"
              + " payload bytea)",
          "CREATE TABLE other.empty (id int PRIMARY KEY, v text)",
          "CREATE TABLE other.big (id int PRIMARY KEY, blob text) WITH (autovacuum_enabled ="
              + " false, fillfactor = 90)",
          "CREATE INDEX package_notes_idx ON public.package (lower(notes))",
          "CREATE FUNCTION public.touch() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n"
              + "  NEW.created := now(); -- a comment; with a semicolon\n  RETURN NEW;\nEND;\n$$",
          "CREATE FUNCTION other.tagged(x text) RETURNS text LANGUAGE sql AS"
              + " $body$ SELECT x || '$$;' || E'\\\\;' $body$",
          "CREATE FUNCTION other.std(a int) RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT CASE"
              + " WHEN a > 0 THEN 1 ELSE 0 END; SELECT 2; END",
          "CREATE TRIGGER package_touch BEFORE UPDATE ON public.package FOR EACH ROW EXECUTE"
              + " FUNCTION public.touch()",
          "CREATE VIEW other.package_names AS SELECT name FROM public.package WHERE notes <> ';'",
          "COMMENT ON TABLE public.package IS 'datasets; with a semicolon and ''quotes'''",
          "INSERT INTO public.package VALUES"
              + " ('p1', 'tabs', E'a\\tb\\\\c\\nnew line\\r\\n', '{\"k\": \"ü ✓ 中文\"}'),"
              + " ('p2', 'nulls', NULL, NULL),"
              + " ('p3', 'backslash-N', E'\\\\N', '[]'),"
              + " ('p4', 'dot', E'\\\\.\\n\\\\.\\n.', NULL),"
              + " ('p5', 'semicolon', ';', '{}')",
          "INSERT INTO public.package SELECT 'g' || i, 'name ' || i, repeat('note ', i % 7), NULL"
              + " FROM generate_series(1, 3000) i",
          "INSERT INTO public.tag (name) SELECT 'tag ' || i FROM generate_series(1, 200) i",
          "INSERT INTO public.package_tag (package_id, tag_id) SELECT 'g' || (1 + i % 3000),"
              + " 1 + i % 200 FROM generate_series(1, 5000) i",
          "INSERT INTO \"Odd Schema\".\"MixedCase\" VALUES (1, 'a;b', '\\x00ff5c0a'),"
              + " (2, NULL, NULL)",
          "INSERT INTO other.big SELECT 1, repeat('0123456789abcdef', 4 * 65536)",
          "INSERT INTO other.big SELECT i, md5(i::text) FROM generate_series(2, 2000) i",
          "CREATE MATERIALIZED VIEW other.tag_counts AS SELECT tag_id, count(*) AS n FROM"
              + " public.package_tag GROUP BY tag_id",
          "CREATE UNIQUE INDEX tag_counts_idx ON other.tag_counts (tag_id)",
          "SELECT lo_from_bytea(0, convert_to('large object; data', 'UTF8'))",
          "SELECT setval('public.tag_id_seq', 1234)");

  private GeneratedDump() {}

  static TestDatabase createSource() throws SQLException {
    TestDatabase db = PgFixtures.server().createDatabase("ld_source");
    for (String sql : SOURCE_SQL) {
      PgFixtures.exec(db.name(), sql);
    }
    return db;
  }

  static Path dump(TestDatabase db, Path dir, String name) throws Exception {
    return PgFixtures.pgDump(db.name(), dir.resolve(name));
  }
}
