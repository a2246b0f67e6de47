package org.ckanmigrate.common.spec;

import java.util.List;

/**
 * The target PostgreSQL database (owned by the load phase).
 *
 * @param jdbcUrl JDBC URL of the target server, without a password; its database (default {@code
 *     postgres}) is the maintenance database the loader connects to for creating, renaming and
 *     dropping databases
 * @param user the role that loads (needs CREATEDB and ownership of an existing target)
 * @param password reference to the role's password
 * @param database the target database name
 * @param replace whether an existing, non-empty target database may be replaced
 * @param excludeTables tables whose schema and data are skipped ({@code name} in any schema, or
 *     {@code schema.name})
 * @param schemaOnlyTables tables created without their data
 * @param parallelism connections used for data and post-data
 * @param ownership what to do with the dump's {@code OWNER TO} statements: {@code skip} (default,
 *     like {@code pg_dump -O}), {@code map} (to {@link #ownerRole}) or {@code keep}
 * @param ownerRole the role objects are given to when {@code ownership} is {@code map}
 * @param keepPrivileges apply the dump's GRANT/REVOKE statements (default: skip, like {@code
 *     pg_dump -x})
 * @param allowNonCkan replace an existing target even with a dump that lacks CKAN's core tables; by
 *     default such a load fails with NOT_A_CKAN_DUMP before the swap and the target is kept
 */
public record TargetSpec(
    String jdbcUrl,
    String user,
    SecretRef password,
    String database,
    boolean replace,
    List<String> excludeTables,
    List<String> schemaOnlyTables,
    int parallelism,
    String ownership,
    String ownerRole,
    boolean keepPrivileges,
    boolean allowNonCkan) {

  /** A target that only replaces with a CKAN dump. */
  public TargetSpec(
      String jdbcUrl,
      String user,
      SecretRef password,
      String database,
      boolean replace,
      List<String> excludeTables,
      List<String> schemaOnlyTables,
      int parallelism,
      String ownership,
      String ownerRole,
      boolean keepPrivileges) {
    this(
        jdbcUrl,
        user,
        password,
        database,
        replace,
        excludeTables,
        schemaOnlyTables,
        parallelism,
        ownership,
        ownerRole,
        keepPrivileges,
        false);
  }

  /** A target that skips ownership and privileges. */
  public TargetSpec(
      String jdbcUrl,
      String user,
      SecretRef password,
      String database,
      boolean replace,
      List<String> excludeTables,
      List<String> schemaOnlyTables,
      int parallelism) {
    this(
        jdbcUrl,
        user,
        password,
        database,
        replace,
        excludeTables,
        schemaOnlyTables,
        parallelism,
        null,
        null,
        false,
        false);
  }
}
