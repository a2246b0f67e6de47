package org.ckanmigrate.platform.phase;

/** The life of one (run, phase) job row. */
public enum JobStatus {
  REQUESTED,
  RUNNING,
  SUCCEEDED,
  FAILED
}
