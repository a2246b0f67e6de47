package org.ckanmigrate.contract.spec;

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

  /** A builder: the fields not set stay null, false or 0, as when the run spec leaves them out. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link TargetSpec} field by field (the record has too many for positional calls). */
  public static final class Builder {
    private String jdbcUrl;
    private String user;
    private SecretRef password;
    private String database;
    private boolean replace;
    private List<String> excludeTables;
    private List<String> schemaOnlyTables;
    private int parallelism;
    private String ownership;
    private String ownerRole;
    private boolean keepPrivileges;
    private boolean allowNonCkan;

    private Builder() {}

    public Builder jdbcUrl(String jdbcUrl) {
      this.jdbcUrl = jdbcUrl;
      return this;
    }

    public Builder user(String user) {
      this.user = user;
      return this;
    }

    public Builder password(SecretRef password) {
      this.password = password;
      return this;
    }

    public Builder database(String database) {
      this.database = database;
      return this;
    }

    public Builder replace(boolean replace) {
      this.replace = replace;
      return this;
    }

    public Builder excludeTables(List<String> excludeTables) {
      this.excludeTables = excludeTables;
      return this;
    }

    public Builder schemaOnlyTables(List<String> schemaOnlyTables) {
      this.schemaOnlyTables = schemaOnlyTables;
      return this;
    }

    public Builder parallelism(int parallelism) {
      this.parallelism = parallelism;
      return this;
    }

    public Builder ownership(String ownership) {
      this.ownership = ownership;
      return this;
    }

    public Builder ownerRole(String ownerRole) {
      this.ownerRole = ownerRole;
      return this;
    }

    public Builder keepPrivileges(boolean keepPrivileges) {
      this.keepPrivileges = keepPrivileges;
      return this;
    }

    public Builder allowNonCkan(boolean allowNonCkan) {
      this.allowNonCkan = allowNonCkan;
      return this;
    }

    public TargetSpec build() {
      return new TargetSpec(
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
          allowNonCkan);
    }
  }
}
