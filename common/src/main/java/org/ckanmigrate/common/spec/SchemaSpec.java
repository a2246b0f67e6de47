package org.ckanmigrate.common.spec;

import java.util.List;
import java.util.Map;

/**
 * The data-model migration and CKAN's own schema upgrade (owned by the schema phase).
 *
 * @param migrationSet a built-in migration set name (e.g. {@code datagovuk-bytemark-to-govuk}) or
 *     null
 * @param migrationDir a directory of the operator's own versioned SQL scripts, or null
 * @param parameters placeholders for the migration scripts (site-specific values)
 * @param keepSysadmins user names re-promoted to sysadmin after the scripts
 * @param upgradeCommand CKAN's upgrade command template ({@code {ini}} is replaced), or null for
 *     the default of the detected CKAN version
 * @param iniPath path of the target CKAN's ckan.ini
 * @param harvestPlugins plugin names removed from {@code ckan.plugins} for the first upgrade pass
 * @param upgradeHost where the upgrade runs; null means locally
 * @param dryRun report what each step would change and commit nothing
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
    boolean dryRun) {}
