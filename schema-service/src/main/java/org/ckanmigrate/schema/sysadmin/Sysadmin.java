package org.ckanmigrate.schema.sysadmin;

/** A CKAN sysadmin as recorded before any script ran. */
public record Sysadmin(String id, String name, String email, String fullname) {}
