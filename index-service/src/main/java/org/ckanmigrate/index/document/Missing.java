package org.ckanmigrate.index.document;

/** CKAN's navl {@code missing}: a schema key absent from the data; serialised as null. */
enum Missing {
  VALUE
}
