package org.ckanmigrate.load.dump;

/**
 * The header comment pg_dump writes above each object ({@code -- Name: x; Type: TABLE; Schema:
 * public; Owner: o}).
 */
record TocEntry(String name, String type, String schema, String owner) {}
