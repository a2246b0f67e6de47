package org.ckanmigrate.platform.ckan;

import java.util.List;

/** Facts about CKAN's schema that more than one phase checks. */
public final class CkanTables {

  /** Tables every CKAN database since 2.0 has (in schema {@code public}). */
  public static final List<String> CORE =
      List.of("package", "package_extra", "resource", "user", "group", "member", "tag");

  private CkanTables() {}
}
