package org.ckanmigrate.load.dump;

/** One thing read from a plain pg_dump: an SQL statement, a COPY header, or a psql meta-command. */
public sealed interface DumpItem {

  /** 1-based line of the item's first character in the decompressed dump. */
  long line();

  /** Section the item belongs to. */
  Section section();

  /**
   * An SQL statement ending with its semicolon.
   *
   * @param toc the header comment of the object the statement belongs to, or null
   */
  record Statement(String sql, long line, Section section, TocEntry toc) implements DumpItem {}

  /**
   * A {@code COPY ... FROM stdin;} statement. Its data follows and must be consumed with {@link
   * DumpReader#copyBodyTo} or {@link DumpReader#skipCopyBody} before the next item.
   *
   * @param bodyOffset byte offset in the decompressed dump where the data starts
   */
  record CopyStart(String sql, long line, Section section, TocEntry toc, long bodyOffset)
      implements DumpItem {}

  /**
   * A psql meta-command that pg_dump emits: {@code \connect}, and {@code \restrict} with its
   * closing counterpart; the argument is the rest of the line.
   */
  record MetaCommand(String command, String argument, long line, Section section)
      implements DumpItem {}
}
