package org.ckanmigrate.load.dump;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.ckanmigrate.contract.event.ErrorCode;
import org.ckanmigrate.load.LoadFailedException;
import org.junit.jupiter.api.Test;

class DumpReaderTest {

  private static DumpReader reader(String dump) {
    return new DumpReader(new ByteArrayInputStream(dump.getBytes(StandardCharsets.UTF_8)));
  }

  /** Reads every item; COPY data is collected as "DATA:" + body. */
  private static List<String> items(String dump) throws IOException {
    return items(reader(dump));
  }

  private static List<String> items(DumpReader r) throws IOException {
    List<String> out = new ArrayList<>();
    DumpItem item;
    while ((item = r.next()) != null) {
      if (item instanceof DumpItem.Statement s) {
        out.add(s.sql());
      } else if (item instanceof DumpItem.CopyStart c) {
        out.add(c.sql());
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        r.copyBodyTo(body);
        out.add("DATA:" + body.toString(StandardCharsets.UTF_8));
      } else if (item instanceof DumpItem.MetaCommand m) {
        out.add("\\" + m.command() + " " + m.argument());
      }
    }
    return out;
  }

  @Test
  void splitsStatementsAndDropsCommentsAndBlankLines() throws IOException {
    assertThat(
            items(
                "--\n-- PostgreSQL database dump\n--\n\nSET statement_timeout = 0;\n"
                    + "SET client_encoding = 'UTF8';\n\nCREATE TABLE a (\n    id integer\n);\n"))
        .containsExactly(
            "SET statement_timeout = 0;",
            "SET client_encoding = 'UTF8';",
            "CREATE TABLE a (\n    id integer\n);");
  }

  @Test
  void semicolonsInsideStringsIdentifiersAndCommentsDoNotEndAStatement() throws IOException {
    assertThat(
            items(
                "COMMENT ON TABLE a IS 'x; y ''quoted;'' z';\n"
                    + "CREATE TABLE \"we;ird\"\"name\" (\"c;\" text /* a; /* nested; */ b; */);\n"
                    + "SELECT 1 -- trailing; comment\n;\n"))
        .containsExactly(
            "COMMENT ON TABLE a IS 'x; y ''quoted;'' z';",
            "CREATE TABLE \"we;ird\"\"name\" (\"c;\" text /* a; /* nested; */ b; */);",
            "SELECT 1 \n;");
  }

  @Test
  void escapeStringsTreatBackslashQuoteAsPartOfTheString() throws IOException {
    assertThat(items("SELECT E'it\\'s; fine\\\\';\nSELECT 'plain\\';\nSELECT 2;\n"))
        .containsExactly("SELECT E'it\\'s; fine\\\\';", "SELECT 'plain\\';", "SELECT 2;");
  }

  @Test
  void identifierEndingInEIsNotAnEscapeStringPrefix() throws IOException {
    // "somE" ends with E but is an identifier: the string after it is a standard string.
    assertThat(items("SELECT somE'\\';\nSELECT 3;\n"))
        .containsExactly("SELECT somE'\\';", "SELECT 3;");
  }

  @Test
  void standardConformingStringsOffMakesBackslashesEscapes() throws IOException {
    assertThat(items("SET standard_conforming_strings = off;\nSELECT 'a\\';b';\nSELECT 4;\n"))
        .containsExactly("SET standard_conforming_strings = off;", "SELECT 'a\\';b';", "SELECT 4;");
  }

  @Test
  void dollarQuotedBodiesWithAndWithoutTagsKeepTheirSemicolons() throws IOException {
    String fn =
        "CREATE FUNCTION f() RETURNS trigger\n    LANGUAGE plpgsql\n    AS $$\nBEGIN\n"
            + "  RAISE NOTICE 'x;'; -- comment ; inside\n  RETURN NEW;\nEND;\n$$;";
    String tagged =
        "CREATE FUNCTION g() RETURNS text LANGUAGE sql AS $body$ SELECT '$$;' || $q$;$q$ $body$;";
    assertThat(items(fn + "\n" + tagged + "\nSELECT $1;\nSELECT a$b FROM t;\n"))
        .containsExactly(fn, tagged, "SELECT $1;", "SELECT a$b FROM t;");
  }

  @Test
  void sqlStandardFunctionBodyEndsAtItsEnd() throws IOException {
    String body =
        "CREATE FUNCTION public.h(a integer) RETURNS integer\n    LANGUAGE sql\n"
            + "    BEGIN ATOMIC\n SELECT CASE WHEN a > 0 THEN 1 ELSE 0 END;\n SELECT 2;\nEND;";
    assertThat(items(body + "\nSELECT 5;\n")).containsExactly(body, "SELECT 5;");
  }

  @Test
  void parenthesesKeepASemicolonInsideTheStatement() throws IOException {
    assertThat(items("SELECT (1;\n2);\nSELECT 6;\n"))
        .containsExactly("SELECT (1;\n2);", "SELECT 6;");
  }

  @Test
  void copyDataIsPassedThroughByteForByte() throws IOException {
    String data =
        "1\ttab\\there\tback\\\\slash\t\\N\n"
            + "2\tnew\\nline\tünïcødé ✓\t\\\\.\n"
            + "3\t\\.not end\t;\t'\n";
    List<String> got =
        items("COPY public.t (id, a, b, c) FROM stdin;\n" + data + "\\.\n\nSELECT 7;\n");
    assertThat(got)
        .containsExactly("COPY public.t (id, a, b, c) FROM stdin;", "DATA:" + data, "SELECT 7;");
  }

  @Test
  void emptyCopyBlockHasNoRows() throws IOException {
    DumpReader r = reader("COPY public.empty (id) FROM stdin;\n\\.\nSELECT 8;\n");
    assertThat(r.next()).isInstanceOf(DumpItem.CopyStart.class);
    assertThat(r.skipCopyBody()).isZero();
    assertThat(((DumpItem.Statement) r.next()).sql()).isEqualTo("SELECT 8;");
  }

  @Test
  void copyRowsAndLinesAreCounted() throws IOException {
    DumpReader r = reader("SET a = 1;\nCOPY t (id) FROM stdin;\n1\n2\n3\n\\.\n\nSELECT 9;\n");
    r.next();
    DumpItem.CopyStart copy = (DumpItem.CopyStart) r.next();
    assertThat(copy.line()).isEqualTo(2);
    assertThat(r.skipCopyBody()).isEqualTo(3);
    DumpItem.Statement next = (DumpItem.Statement) r.next();
    assertThat(next.line()).isEqualTo(8);
  }

  @Test
  void copyBodyLongerThanTheBufferIsStreamedWhole() throws IOException {
    StringBuilder data = new StringBuilder();
    String big = "x".repeat(3 * 1024 * 1024);
    data.append("1\t").append(big).append('\n');
    for (int i = 0; i < 50_000; i++) {
      data.append(i).append("\tvalue ").append(i).append('\n');
    }
    List<String> got = items("COPY t (id, v) FROM stdin;\n" + data + "\\.\nSELECT 10;\n");
    assertThat(got.get(1)).isEqualTo("DATA:" + data);
    assertThat(got.get(2)).isEqualTo("SELECT 10;");
  }

  @Test
  void copyWithoutEndMarkerIsCorrupt() throws IOException {
    DumpReader r = reader("COPY t (v) FROM stdin;\n1\n2\n");
    r.next();
    assertThatThrownBy(r::skipCopyBody)
        .isInstanceOfSatisfying(
            LoadFailedException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.ARTIFACT_CORRUPT))
        .hasMessageContaining("line 1");
  }

  @Test
  void statementCutOffByTheEndIsCorrupt() {
    assertThatThrownBy(() -> items("SELECT 1;\nCREATE TABLE x (\n  id int"))
        .isInstanceOfSatisfying(
            LoadFailedException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.ARTIFACT_CORRUPT))
        .hasMessageContaining("line 2");
  }

  @Test
  void knownMetaCommandsAreItemsAndUnknownOnesAreErrors() throws IOException {
    assertThat(
            items(
                "\\restrict abc123\nCREATE DATABASE x;\n\\connect x\n\\c -reuse-previous=on"
                    + " \"dbname='x'\"\nSELECT 12;\n\\unrestrict abc123\n"))
        .containsExactly(
            "\\restrict abc123",
            "CREATE DATABASE x;",
            "\\connect x",
            "\\connect -reuse-previous=on \"dbname='x'\"",
            "SELECT 12;",
            "\\unrestrict abc123");
    assertThatThrownBy(() -> items("SELECT 1;\n\\set ON_ERROR_STOP off\n"))
        .isInstanceOfSatisfying(
            LoadFailedException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_META_COMMAND))
        .hasMessageContaining("line 2")
        .hasMessageContaining("\\set");
  }

  @Test
  void completeOnlyWithTheClosingComment() throws IOException {
    DumpReader done =
        reader("SELECT 1;\n\n--\n-- PostgreSQL database dump complete\n--\n\n\\unrestrict k\n\n");
    items(done);
    assertThat(done.complete()).isTrue();

    DumpReader cut = reader("SELECT 1;\n--\n-- Name: t; Type: TABLE; Schema: public; Owner: o\n");
    items(cut);
    assertThat(cut.complete()).isFalse();
  }

  @Test
  void sectionsFollowTheObjectHeaders() throws IOException {
    String dump =
        """
        --
        -- Name: t; Type: TABLE; Schema: public; Owner: fresh; Tablespace:
        --

        CREATE TABLE t (id int);

        --
        -- Data for Name: t; Type: TABLE DATA; Schema: public; Owner: fresh
        --

        COPY t (id) FROM stdin;
        1
        \\.

        --
        -- Name: s; Type: SEQUENCE SET; Schema: public; Owner: fresh
        --

        SELECT pg_catalog.setval('s', 3, true);

        --
        -- Name: t_pkey; Type: CONSTRAINT; Schema: public; Owner: fresh; Tablespace:
        --

        ALTER TABLE ONLY t ADD CONSTRAINT t_pkey PRIMARY KEY (id);

        --
        -- Name: public; Type: ACL; Schema: -; Owner: postgres
        --

        GRANT ALL ON SCHEMA public TO PUBLIC;
        """;
    DumpReader r = reader(dump);
    List<Section> sections = new ArrayList<>();
    List<TocEntry> tocs = new ArrayList<>();
    DumpItem item;
    while ((item = r.next()) != null) {
      sections.add(item.section());
      if (item instanceof DumpItem.Statement s) {
        tocs.add(s.toc());
      }
      if (item instanceof DumpItem.CopyStart) {
        r.skipCopyBody();
      }
    }
    assertThat(sections)
        .containsExactly(
            Section.PRE_DATA, Section.DATA, Section.DATA, Section.POST_DATA, Section.POST_DATA);
    assertThat(tocs.get(0)).isEqualTo(new TocEntry("t", "TABLE", "public", "fresh"));
    assertThat(tocs.get(3).type()).isEqualTo("ACL");
  }

  @Test
  void schemaOnlyDumpGoesStraightToPostData() throws IOException {
    DumpReader r =
        reader(
            "CREATE TABLE t (id int);\n-- Name: i; Type: INDEX; Schema: public; Owner: o\n"
                + "CREATE INDEX i ON t (id);\n");
    assertThat(r.next().section()).isEqualTo(Section.PRE_DATA);
    assertThat(r.next().section()).isEqualTo(Section.POST_DATA);
  }

  @Test
  void readsInTinyChunksTheSameAsAtOnce() throws IOException {
    String dump =
        "SELECT E'a\\';b';\nCREATE FUNCTION f() AS $tag$ x; $tag$;\n"
            + "COPY t (a) FROM stdin;\n\\\\.\n\\N\n\\.\n\\restrict k\n";
    InputStream trickle =
        new ByteArrayInputStream(dump.getBytes(StandardCharsets.UTF_8)) {
          @Override
          public synchronized int read(byte[] b, int off, int len) {
            return super.read(b, off, Math.min(len, 1));
          }
        };
    assertThat(items(new DumpReader(trickle))).isEqualTo(items(dump));
  }

  @Test
  void windowsLineEndsAreAccepted() throws IOException {
    assertThat(items("SELECT 1;\r\nCOPY t (a) FROM stdin;\r\nx\r\n\\.\r\nSELECT 2;\r\n"))
        .containsExactly("SELECT 1;", "COPY t (a) FROM stdin;", "DATA:x\r\n", "SELECT 2;");
  }
}
