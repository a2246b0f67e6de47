package org.ckanmigrate.index.solr;

import java.time.Duration;

/**
 * How often a Solr request is tried when Solr is unreachable or answers with a server error.
 *
 * @param attempts tries in all, at least 1
 * @param initialBackoff wait before the second try; doubled for each further try
 */
public record SolrRetry(int attempts, Duration initialBackoff) {

  public SolrRetry {
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1");
    }
    if (initialBackoff == null || initialBackoff.isNegative()) {
      throw new IllegalArgumentException("initialBackoff must be zero or positive");
    }
  }

  /** 5 tries over about 15 seconds. */
  public static SolrRetry defaults() {
    return new SolrRetry(5, Duration.ofSeconds(1));
  }
}
