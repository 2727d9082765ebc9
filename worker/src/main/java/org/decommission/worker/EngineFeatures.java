package org.decommission.worker;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** What an engine answers when it lacks a feature: the SDK's test server implements no schedules and no visibility queries. */
final class EngineFeatures {
  private EngineFeatures() {}

  /** Whether {@code e} is the engine's UNIMPLEMENTED, however deep the SDK wrapped it. */
  static boolean unimplemented(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException status && status.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
        return true;
      }
    }
    return false;
  }
}
