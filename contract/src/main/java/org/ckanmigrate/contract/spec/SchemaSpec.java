package org.ckanmigrate.contract.spec;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The data-model migration and CKAN's own schema upgrade (owned by the schema phase).
 *
 * @param migrationSet a built-in migration set name (e.g. {@code datagovuk-bytemark-to-govuk}) or
 *     null
 * @param migrationDir a directory of the operator's own versioned SQL scripts ({@code
 *     V<n>__<description>.sql}, Flyway naming), or null; may be combined with a built-in set when
 *     the versions do not collide
 * @param parameters placeholders for the migration scripts (site-specific values); a built-in set
 *     supplies defaults for its own
 * @param keepSysadmins users re-promoted to sysadmin after the scripts, by id or by the name they
 *     had when the sysadmins were recorded; only recorded sysadmins are re-promoted
 * @param upgradeCommand the name of an upgrade command configured on schema-service ({@code
 *     ckan-migrate.schema.upgrade-commands.NAME}; built in: {@code ckan}, {@code paster}), or null
 *     for the default of {@link #ckanVersion}: {@code paster} up to 2.8, {@code ckan} from 2.9. The
 *     spec never carries a command line
 * @param iniPath path of the target CKAN's ckan.ini; null skips CKAN's upgrade
 * @param harvestPlugins plugin names removed from {@code ckan.plugins} for the first upgrade pass
 *     ({@code *} matches any characters); null or empty means the defaults ({@code harvest}, {@code
 *     *harvester}, {@code *_harvest})
 * @param upgradeHost where the upgrade runs; null means locally
 * @param dryRun report what each step would change and commit nothing
 * @param tags what happens to the tag tables: {@link Tags#KEEP} (null means keep) or {@link
 *     Tags#DELETE} (empties {@code package_tag}, {@code tag} and {@code package_tag_revision}, as
 *     data.gov.uk's restore did)
 * @param ckanVersion release of the target CKAN that runs the upgrade, e.g. {@code 2.7.4}; picks
 *     the default command and the expected schema head
 * @param expectedVersion schema version required after the upgrade (a migrate_version number or an
 *     alembic revision); null means the head of {@link #ckanVersion}, or any known head
 * @param upgradeTimeout how long one upgrade pass may run; null means 12 hours
 * @param upgradeJumpHosts hops to {@code upgradeHost}, in order from the schema service (ProxyJump,
 *     as the dump's {@code source.jumpHosts}: each host's key checked strictly, never agent
 *     forwarding); null or empty connects directly
 * @param harvestSources what happens to ckanext-harvest's sources, jobs and objects: {@link
 *     HarvestSources#MIGRATE} (null means migrate), {@link HarvestSources#DROP} or {@link
 *     HarvestSources#KEEP}
 */
public record SchemaSpec(
    String migrationSet,
    String migrationDir,
    Map<String, String> parameters,
    List<String> keepSysadmins,
    String upgradeCommand,
    String iniPath,
    List<String> harvestPlugins,
    SshEndpoint upgradeHost,
    boolean dryRun,
    Tags tags,
    String ckanVersion,
    String expectedVersion,
    Duration upgradeTimeout,
    List<SshEndpoint> upgradeJumpHosts,
    HarvestSources harvestSources) {

  public SchemaSpec {
    upgradeJumpHosts = upgradeJumpHosts == null ? List.of() : List.copyOf(upgradeJumpHosts);
  }

  /** The harvest choice, {@link HarvestSources#MIGRATE} when unset. */
  public HarvestSources harvestSourcesOrDefault() {
    return harvestSources == null ? HarvestSources.MIGRATE : harvestSources;
  }

  /**
   * What the schema phase does with ckanext-harvest's sources, jobs and objects (run spec {@code
   * schema.harvest-sources}).
   */
  public enum HarvestSources {
    /**
     * The target runs ckanext-harvest: its start-up migration turns every active source into a
     * {@code type='harvest'} dataset, and the phase fails {@code HARVEST_MIGRATION_INCOMPLETE}
     * unless each one has its dataset.
     */
    MIGRATE,
    /**
     * The target does not harvest: sources, jobs, objects and their errors and logs are removed
     * after the data-model scripts, each row first copied to {@code ckan_migrate.harvest_ledger} so
     * it can be restored; the harvested datasets themselves stay.
     */
    DROP,
    /**
     * The rows stay as they are and the harvest check is skipped, with a warning in the summary
     * (e.g. ckanext-harvest is installed on the target later).
     */
    KEEP
  }

  /** What to do with the tag tables, which data.gov.uk dropped at restore time. */
  public enum Tags {
    KEEP,
    DELETE
  }

  /** A builder: the fields not set stay null, false or 0, as when the run spec leaves them out. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link SchemaSpec} field by field (the record has too many for positional calls). */
  public static final class Builder {
    private String migrationSet;
    private String migrationDir;
    private Map<String, String> parameters;
    private List<String> keepSysadmins;
    private String upgradeCommand;
    private String iniPath;
    private List<String> harvestPlugins;
    private SshEndpoint upgradeHost;
    private boolean dryRun;
    private Tags tags;
    private String ckanVersion;
    private String expectedVersion;
    private Duration upgradeTimeout;
    private List<SshEndpoint> upgradeJumpHosts;
    private HarvestSources harvestSources;

    private Builder() {}

    public Builder migrationSet(String migrationSet) {
      this.migrationSet = migrationSet;
      return this;
    }

    public Builder migrationDir(String migrationDir) {
      this.migrationDir = migrationDir;
      return this;
    }

    public Builder parameters(Map<String, String> parameters) {
      this.parameters = parameters;
      return this;
    }

    public Builder keepSysadmins(List<String> keepSysadmins) {
      this.keepSysadmins = keepSysadmins;
      return this;
    }

    public Builder upgradeCommand(String upgradeCommand) {
      this.upgradeCommand = upgradeCommand;
      return this;
    }

    public Builder iniPath(String iniPath) {
      this.iniPath = iniPath;
      return this;
    }

    public Builder harvestPlugins(List<String> harvestPlugins) {
      this.harvestPlugins = harvestPlugins;
      return this;
    }

    public Builder upgradeHost(SshEndpoint upgradeHost) {
      this.upgradeHost = upgradeHost;
      return this;
    }

    public Builder dryRun(boolean dryRun) {
      this.dryRun = dryRun;
      return this;
    }

    public Builder tags(Tags tags) {
      this.tags = tags;
      return this;
    }

    public Builder ckanVersion(String ckanVersion) {
      this.ckanVersion = ckanVersion;
      return this;
    }

    public Builder expectedVersion(String expectedVersion) {
      this.expectedVersion = expectedVersion;
      return this;
    }

    public Builder upgradeTimeout(Duration upgradeTimeout) {
      this.upgradeTimeout = upgradeTimeout;
      return this;
    }

    public Builder upgradeJumpHosts(List<SshEndpoint> upgradeJumpHosts) {
      this.upgradeJumpHosts = upgradeJumpHosts;
      return this;
    }

    public Builder harvestSources(HarvestSources harvestSources) {
      this.harvestSources = harvestSources;
      return this;
    }

    public SchemaSpec build() {
      return new SchemaSpec(
          migrationSet,
          migrationDir,
          parameters,
          keepSysadmins,
          upgradeCommand,
          iniPath,
          harvestPlugins,
          upgradeHost,
          dryRun,
          tags,
          ckanVersion,
          expectedVersion,
          upgradeTimeout,
          upgradeJumpHosts,
          harvestSources);
    }
  }
}
