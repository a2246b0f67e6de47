package org.ckanmigrate.schema.migration;

import java.util.Map;

/**
 * A built-in set of data-model scripts, shipped as classpath resources.
 *
 * @param name the name a run spec picks it by
 * @param description what it is for
 * @param resourcePath classpath directory of its {@code V<n>__*.sql} scripts
 * @param defaults default values of its placeholders
 * @param maxMigrateVersion the newest CKAN schema (sqlalchemy-migrate number) it is written for, or
 *     null for any
 */
public record MigrationSet(
    String name,
    String description,
    String resourcePath,
    Map<String, String> defaults,
    Integer maxMigrateVersion) {}
