package org.ckanmigrate.index.phase;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.ckanmigrate.contract.event.ErrorCode;
import org.ckanmigrate.contract.secret.Scrubber;
import org.ckanmigrate.contract.secret.SecretResolver;
import org.ckanmigrate.contract.spec.JdbcUrls;
import org.ckanmigrate.contract.spec.TargetSpec;
import org.ckanmigrate.platform.phase.PhaseFailureException;

/** Read-only connections to the CKAN database being indexed. */
final class TargetConnections {

  private static final SecretResolver SECRETS = new SecretResolver();

  private TargetConnections() {}

  static Connection open(TargetSpec target) throws PhaseFailureException {
    Properties props = new Properties();
    props.setProperty("user", target.user());
    if (target.password() != null) {
      props.setProperty("password", new String(SECRETS.resolve(target.password())));
    }
    props.setProperty("readOnly", "true");
    props.setProperty("ApplicationName", "ckan-migrate index-service");
    props.setProperty("tcpKeepAlive", "true");
    String url = JdbcUrls.target(target);
    try {
      return DriverManager.getConnection(url, props);
    } catch (SQLException e) {
      throw new PhaseFailureException(
          ErrorCode.TARGET_UNAVAILABLE,
          "Cannot connect to the CKAN database "
              + Scrubber.scrub(url)
              + ": "
              + Scrubber.scrub(e.getMessage()),
          e);
    }
  }
}
