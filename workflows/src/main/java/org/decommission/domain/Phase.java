package org.decommission.domain;

import java.util.List;

/**
 * The step a deployment's lifecycle workflow is in. The deploy phases run in declaration order;
 * the others belong to stop, delete and purge. The current phase is kept in the database so an
 * adopted workflow resumes where the last one stood.
 */
public enum Phase {
  PULL_IMAGE,
  PREPARE_WORKDIR,
  CREATE_VOLUMES,
  /** The deployment's own bridge network (none for host networking). */
  CREATE_NETWORK,
  ALLOCATE_PORTS,
  CREATE_CONTAINERS,
  START,
  HEALTH_CHECK,
  UPDATE_ROUTES,
  /** A failed or cancelled deploy attempt: what it created is removed. */
  COMPENSATE,
  /** An update: the revision replaced by the new one is stopped and removed. */
  RETIRE_REVISION,
  /** Delete: the route is withdrawn and the replicas stop gracefully. */
  STOP_REPLICAS,
  REMOVE_CONTAINERS,
  RETENTION,
  PURGE_VOLUMES,
  PURGE_IMAGE,
  PURGE_FILES,
  RELEASE_PORTS,
  WRITE_RECEIPT;

  /** The deploy phases, in the order they run. */
  public static final List<Phase> DEPLOY =
      List.of(
          PULL_IMAGE,
          PREPARE_WORKDIR,
          CREATE_VOLUMES,
          CREATE_NETWORK,
          ALLOCATE_PORTS,
          CREATE_CONTAINERS,
          START,
          HEALTH_CHECK,
          UPDATE_ROUTES);

  public boolean isDeploy() {
    return DEPLOY.contains(this);
  }
}
