package org.ckanmigrate.schema.upgrade;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The CKAN upgrade commands schema-service may run, by name. They are the service's configuration
 * ({@code ckan-migrate.schema.upgrade-commands.NAME=template}), never the event's: a run spec only
 * names one, so whoever can publish a run cannot make the service run a command of their choice.
 * Built in: {@code ckan} ({@value UpgradeCommand#CKAN_CLI}) and {@code paster} ({@value
 * UpgradeCommand#PASTER}).
 */
public final class UpgradeCommands {

  public static final String CKAN = "ckan";
  public static final String PASTER = "paster";

  /** What a name may look like, in the spec and in the configuration. */
  public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

  private final Map<String, String> templates;

  private UpgradeCommands(Map<String, String> templates) {
    this.templates = Collections.unmodifiableMap(templates);
  }

  /** Only the built-in commands. */
  public static UpgradeCommands builtIn() {
    Map<String, String> map = new LinkedHashMap<>();
    map.put(CKAN, UpgradeCommand.CKAN_CLI);
    map.put(PASTER, UpgradeCommand.PASTER);
    return new UpgradeCommands(map);
  }

  /** The built-ins plus {@code configured} (which may redefine them, e.g. a virtualenv path). */
  public static UpgradeCommands of(Map<String, String> configured) {
    UpgradeCommands commands = builtIn();
    if (configured != null) {
      for (var e : new TreeMap<>(configured).entrySet()) {
        commands = commands.with(e.getKey(), e.getValue());
      }
    }
    return commands;
  }

  /**
   * These commands and {@code name}, checked: a name as {@link #NAME}, a template with {@code
   * {ini}} that splits into an argv.
   */
  public UpgradeCommands with(String name, String template) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "ckan-migrate.schema.upgrade-commands: '"
              + name
              + "' is not a usable name (letters, digits, '.', '_', '-'; at most 64)");
    }
    if (template == null || !template.contains("{ini}")) {
      throw new IllegalArgumentException(
          "ckan-migrate.schema.upgrade-commands."
              + name
              + " must contain {ini}, where the (temporary) ckan.ini path is put");
    }
    UpgradeCommand.argv(template, "ckan.ini"); // unbalanced quotes fail at start-up, not mid-run
    Map<String, String> map = new LinkedHashMap<>(templates);
    map.put(name, template);
    return new UpgradeCommands(map);
  }

  /**
   * The template {@code name} stands for.
   *
   * @throws IllegalArgumentException naming the known commands when {@code name} is not one
   */
  public String template(String name) {
    String template = templates.get(name);
    if (template == null) {
      throw new IllegalArgumentException(
          "schema.upgrade-command '"
              + name
              + "' is not an upgrade command of this schema-service (known: "
              + String.join(", ", new TreeMap<>(templates).keySet())
              + "). Commands are configured on the service, not sent in the run spec: add"
              + " ckan-migrate.schema.upgrade-commands."
              + (name != null && NAME.matcher(name).matches() ? name : "NAME")
              + "=<template with {ini}> to its configuration and name it in the spec.");
    }
    return template;
  }

  /** The names known, sorted. */
  public java.util.Set<String> names() {
    return new TreeMap<>(templates).keySet();
  }
}
