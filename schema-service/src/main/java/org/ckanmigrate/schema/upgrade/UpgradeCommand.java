package org.ckanmigrate.schema.upgrade;

import java.util.ArrayList;
import java.util.List;

/**
 * CKAN's upgrade command as a template: whitespace-separated tokens, single or double quotes group,
 * {@code {ini}} is replaced by the ini path inside whatever token holds it. Never run through a
 * shell, so a path cannot inject anything.
 */
final class UpgradeCommand {

  /** CKAN up to 2.8 (sqlalchemy-migrate, paster). */
  public static final String PASTER = "paster --plugin=ckan db upgrade -c {ini}";

  /** CKAN 2.9 and later (alembic, the ckan CLI). */
  public static final String CKAN_CLI = "ckan -c {ini} db upgrade";

  private UpgradeCommand() {}

  /**
   * The default template for a target CKAN release: paster up to 2.8, the ckan CLI from 2.9. With
   * no release given, the CLI of the database's own era is assumed when it already is alembic,
   * paster otherwise.
   */
  public static String defaultTemplate(String ckanVersion, boolean databaseIsAlembic) {
    if (ckanVersion == null || ckanVersion.isBlank()) {
      return databaseIsAlembic ? CKAN_CLI : PASTER;
    }
    return KnownHeads.isAlembicRelease(ckanVersion) ? CKAN_CLI : PASTER;
  }

  /** The argv of {@code template} for the ini at {@code iniPath}. */
  public static List<String> argv(String template, String iniPath) {
    if (!template.contains("{ini}")) {
      throw new IllegalArgumentException(
          "The upgrade command template must contain {ini}: " + template);
    }
    List<String> out = new ArrayList<>();
    StringBuilder token = new StringBuilder();
    boolean inToken = false;
    char quote = 0;
    for (int i = 0; i < template.length(); i++) {
      char ch = template.charAt(i);
      if (quote != 0) {
        if (ch == quote) {
          quote = 0;
        } else {
          token.append(ch);
        }
      } else if (ch == '\'' || ch == '"') {
        quote = ch;
        inToken = true;
      } else if (Character.isWhitespace(ch)) {
        if (inToken) {
          out.add(token.toString().replace("{ini}", iniPath));
          token.setLength(0);
          inToken = false;
        }
      } else {
        token.append(ch);
        inToken = true;
      }
    }
    if (quote != 0) {
      throw new IllegalArgumentException("Unbalanced quote in upgrade command: " + template);
    }
    if (inToken) {
      out.add(token.toString().replace("{ini}", iniPath));
    }
    return out;
  }
}
