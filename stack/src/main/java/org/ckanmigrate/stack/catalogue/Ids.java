package org.ckanmigrate.stack.catalogue;

import java.util.UUID;

/**
 * Deterministic identifiers: a UUID (version 4 layout) is a hash of the seed, the kind of object
 * and its indexes, so the same seed always yields the same ids and no two objects share one.
 */
final class Ids {

  private Ids() {}

  static long mix(long z) {
    // SplitMix64 finaliser: a bijection, so distinct inputs never collide before truncation.
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  static long combine(long seed, long kind, long a, long b) {
    long h = mix(seed + 0x9e3779b97f4a7c15L);
    h = mix(h ^ kind * 0xff51afd7ed558ccdL);
    h = mix(h ^ a * 0xc4ceb9fe1a85ec53L);
    return mix(h ^ (b + 0x632be59bd9b4e5f5L));
  }

  static String uuid(long seed, Kind kind, long a, long b) {
    long hi = combine(seed, kind.ordinal(), a, b);
    long lo = combine(~seed, kind.ordinal() + 1000L, b, a);
    hi = (hi & ~0xF000L) | 0x4000L;
    lo = (lo & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new UUID(hi, lo).toString();
  }

  static String uuid(long seed, Kind kind, long a) {
    return uuid(seed, kind, a, 0);
  }

  /** What an id names; each kind has its own id space. */
  enum Kind {
    USER,
    APIKEY,
    GROUP,
    GROUP_EXTRA,
    MEMBER,
    VOCABULARY,
    TAG,
    PACKAGE,
    PACKAGE_EXTRA,
    PACKAGE_TAG,
    RESOURCE,
    RESOURCE_GROUP,
    RELATIONSHIP,
    REVISION,
    ACTIVITY,
    ACTIVITY_DETAIL,
    HARVEST_SOURCE,
    HARVEST_JOB,
    HARVEST_OBJECT,
    HARVEST_OBJECT_EXTRA,
    HARVEST_GATHER_ERROR,
    HARVEST_OBJECT_ERROR,
    USER_OBJECT_ROLE,
    ROLE_ACTION,
    AUTHORIZATION_GROUP,
    AUTHORIZATION_GROUP_USER,
    RELATED,
    RELATED_DATASET,
    API_TOKEN,
    HARVEST_LOG,
    SHAPE
  }
}
