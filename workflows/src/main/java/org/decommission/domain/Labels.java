package org.decommission.domain;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ownership labels every Docker object this system creates carries, and the only place their
 * names are written. Nothing without {@link #MANAGED} = {@code true} is ever stopped or removed.
 */
public final class Labels {
  public static final String MANAGED = "decommission.managed";
  public static final String DEPLOYMENT_ID = "decommission.deployment_id";
  public static final String REVISION = "decommission.revision";
  public static final String HOST = "decommission.host";
  public static final String REPLICA = "decommission.replica";
  public static final String SCOPE = "decommission.scope";
  /** The deploy attempt that created a volume: its compensation removes only what it created. */
  public static final String ATTEMPT = "decommission.attempt";
  /**
   * The installation (one database, its workers) that created the object: two installations may
   * share a Docker host, and neither takes the other's objects for its own.
   */
  public static final String INSTALLATION = "decommission.installation";
  /** Whose a shared volume is: the deployments of this owner alone mount it. */
  public static final String OWNER = "decommission.owner";

  /** Whose an object is, by its installation label. */
  public enum Claim {
    /** This installation made it. */
    OURS,
    /** Made before objects carried the label: it is ours if our database knows its deployment. */
    UNCLAIMED,
    /** Another installation's: never touched. */
    FOREIGN
  }

  public static Claim claim(Map<String, String> labels, String installation) {
    String claimed = labels == null ? null : labels.get(INSTALLATION);
    if (claimed == null) {
      return Claim.UNCLAIMED;
    }
    return claimed.equals(installation) ? Claim.OURS : Claim.FOREIGN;
  }

  /** {@code labels} with the installation's label added. */
  public static Map<String, String> stamped(Map<String, String> labels, String installation) {
    Map<String, String> stamped = new LinkedHashMap<>(labels);
    stamped.put(INSTALLATION, installation);
    return stamped;
  }

  private Labels() {}

  /** The label filter value that selects everything we manage: {@code decommission.managed=true}. */
  public static String managedFilter() {
    return MANAGED + "=true";
  }

  /** The label filter that selects everything we manage on one Docker host. */
  public static Map<String, String> ofHost(String host) {
    return Map.of(MANAGED, "true", HOST, host);
  }

  /** The revision a container's labels name (0 when they name none). */
  public static int revision(Map<String, String> labels) {
    String revision = labels == null ? null : labels.get(REVISION);
    return revision == null ? 0 : Integer.parseInt(revision);
  }

  /** Labels of a replica container. */
  public static Map<String, String> container(String deploymentId, int revision, String host, int replica) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(MANAGED, "true");
    labels.put(DEPLOYMENT_ID, deploymentId);
    labels.put(REVISION, Integer.toString(revision));
    labels.put(HOST, host);
    labels.put(REPLICA, Integer.toString(replica));
    return labels;
  }

  /** Labels of a deployment-scoped volume created by the deploy attempt {@code attempt}. */
  public static Map<String, String> scopedVolume(String deploymentId, int revision, String host, String attempt) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(MANAGED, "true");
    labels.put(DEPLOYMENT_ID, deploymentId);
    labels.put(REVISION, Integer.toString(revision));
    labels.put(HOST, host);
    labels.put(SCOPE, "deployment");
    if (attempt != null) {
      labels.put(ATTEMPT, attempt);
    }
    return labels;
  }

  /** Labels of the deployment's network, created by the deploy attempt {@code attempt}. */
  public static Map<String, String> network(String deploymentId, String host, String attempt) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(MANAGED, "true");
    labels.put(DEPLOYMENT_ID, deploymentId);
    labels.put(HOST, host);
    labels.put(SCOPE, "deployment");
    if (attempt != null) {
      labels.put(ATTEMPT, attempt);
    }
    return labels;
  }

  /**
   * Labels of a shared volume: no deployment id, so no one deployment ever removes it; its owner,
   * so no other user's deployment mounts it (null: a volume from before shared volumes were owned).
   */
  public static Map<String, String> sharedVolume(String host, String owner) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(MANAGED, "true");
    labels.put(HOST, host);
    labels.put(SCOPE, "shared");
    if (owner != null) {
      labels.put(OWNER, owner);
    }
    return labels;
  }
}
