// Which lifecycle requests are legal in which status: the one table the dashboard's buttons come
// from. It restates the workflows module's rule (Operation.allowedFrom over the DeploymentStatus
// transition table, and deletion protection's own rule), and DashboardLegalActionsTest fails the
// build when the two part. The API's 409 stays the truth: a request that became illegal since the
// page last looked is refused there, and the page shows the refusal.
// The object below is JSON, so that the test can read it as it is.
export default {
  "byStatus": {
    "CREATING": ["cancel", "protection", "delete"],
    "RUNNING": ["stop", "revise", "protection", "delete"],
    "STOPPED": ["start", "protection", "delete"],
    "FAILED": ["start", "resume", "protection", "delete"],
    "CANCELLED": ["start", "protection", "delete"],
    "MISSING": ["start", "protection", "delete"],
    "DELETING": [],
    "DELETED": ["restore", "purge"],
    "PURGING": [],
    "PURGED": []
  },
  "refusedWhileProtected": ["delete", "purge"],
  "adminForcedPurgeFrom": ["DELETING", "DELETED", "PURGING"],
  "deployPhases": ["PULL_IMAGE", "PREPARE_WORKDIR", "CREATE_VOLUMES", "CREATE_NETWORK", "ALLOCATE_PORTS",
    "CREATE_CONTAINERS", "START", "HEALTH_CHECK", "UPDATE_ROUTES"]
};
