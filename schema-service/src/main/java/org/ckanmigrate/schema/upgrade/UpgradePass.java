package org.ckanmigrate.schema.upgrade;

import java.time.Duration;
import java.util.List;

/**
 * One run of CKAN's upgrade command.
 *
 * @param pass 1 (harvest plugins removed) or 2 (the real ini)
 * @param argv the command as run (the temporary ini's path in pass 1)
 * @param plugins the {@code ckan.plugins} the command was given
 * @param exitStatus its exit status (-1 in a dry run)
 * @param elapsed how long it ran
 */
public record UpgradePass(
    int pass, List<String> argv, List<String> plugins, int exitStatus, Duration elapsed) {}
