package org.ckanmigrate.schema.upgrade;

import java.util.List;

/**
 * CKAN's upgrade, both passes.
 *
 * @param removedPlugins plugins left out of pass 1
 * @param passes the passes run, in order (planned but not run in a dry run)
 * @param ran false in a dry run
 */
public record UpgradeReport(List<String> removedPlugins, List<UpgradePass> passes, boolean ran) {}
