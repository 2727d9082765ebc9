package org.decommission.domain;

/** What a replica's row says of its container, as GET shows it. */
public enum ReplicaState {
  RUNNING,
  STOPPED
}
