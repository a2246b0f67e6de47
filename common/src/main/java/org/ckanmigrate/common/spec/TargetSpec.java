package org.ckanmigrate.common.spec;

import java.util.List;

/**
 * The target PostgreSQL database (owned by the load phase).
 *
 * @param jdbcUrl JDBC URL of the target server, without a password
 * @param user the role that loads
 * @param password reference to the role's password
 * @param database the target database name
 * @param replace whether an existing, non-empty target database may be replaced
 * @param excludeTables tables whose schema and data are skipped
 * @param schemaOnlyTables tables created without their data
 * @param parallelism connections used for data and post-data
 */
public record TargetSpec(
    String jdbcUrl,
    String user,
    SecretRef password,
    String database,
    boolean replace,
    List<String> excludeTables,
    List<String> schemaOnlyTables,
    int parallelism) {}
