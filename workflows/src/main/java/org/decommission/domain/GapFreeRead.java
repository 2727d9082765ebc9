package org.decommission.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * How far a reader of {@code status_history} after its cursor may go. Row ids come from a
 * sequence when each row is inserted, but transactions commit in their own order: a row with a
 * smaller id can become visible after a larger one. A reader that moved its cursor past a missing
 * id would never see that row. So a read takes the rows only up to the first missing id, unless
 * that id is settled (below {@code settledBelow}: the reader waited long enough to take it for a
 * rolled-back transaction, whose id never fills).
 */
public final class GapFreeRead {
  private GapFreeRead() {}

  /**
   * The rows taken, the id every row up to which was read ({@code readTo}), and the missing run of
   * ids the read stopped at ({@code gapFrom} to {@code gapTo}; 0 and 0 when it stopped at none).
   */
  public record Result<T>(List<T> rows, long readTo, long gapFrom, long gapTo) {}

  /** {@code rows}: those after {@code afterId}, in id order. */
  public static <T> Result<T> of(List<T> rows, ToLongFunction<T> id, long afterId, long settledBelow) {
    List<T> taken = new ArrayList<>();
    long readTo = afterId;
    for (T row : rows) {
      long rowId = id.applyAsLong(row);
      if (rowId > readTo + 1 && rowId - 1 >= settledBelow) {
        return new Result<>(taken, readTo, Math.max(readTo + 1, settledBelow), rowId - 1);
      }
      taken.add(row);
      readTo = rowId;
    }
    return new Result<>(taken, readTo, 0, 0);
  }
}
