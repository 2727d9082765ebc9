package org.decommission.domain;

/** A replica container as created on its Docker host. */
public record ReplicaInfo(int index, String containerId, String containerName) {}
