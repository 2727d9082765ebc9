package org.decommission.activities.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.exception.BadRequestException;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.InternalServerErrorException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import org.junit.jupiter.api.Test;

/** What each of Docker's errors means to us. */
class DockerErrorsTest {

  @Test
  void missingObjectIsAlreadyGone() {
    assertThat(DockerErrors.ignoringMissing(() -> {})).isFalse();
    assertThat(DockerErrors.ignoringMissing(() -> {
      throw new NotFoundException("No such container: x");
    })).isTrue();
    assertThat(DockerErrors.findOrEmpty(() -> {
      throw new NotFoundException("No such volume: x");
    })).isEmpty();
    assertThat(DockerErrors.findOrEmpty(() -> "found")).contains("found");
  }

  @Test
  void otherErrorsPassThrough() {
    assertThatThrownBy(() -> DockerErrors.ignoringMissing(() -> {
      throw new ConflictException("in use");
    })).isInstanceOf(ConflictException.class);
  }

  @Test
  void stopOfAStoppedContainerIsDoneAndOfAMissingOneIsGone() {
    assertThat(DockerErrors.stopIgnoringNotModified(() -> {
      throw new NotModifiedException("already stopped");
    })).isFalse();
    assertThat(DockerErrors.stopIgnoringNotModified(() -> {
      throw new NotFoundException("No such container: x");
    })).isTrue();
  }

  @Test
  void conflictIsMappedByTheCaller() {
    String mapped = DockerErrors.mappingConflict(() -> {
      throw new ConflictException("volume is in use");
    }, reason -> "refused: " + reason);
    assertThat(mapped).startsWith("refused: ").contains("volume is in use");
    assertThat(DockerErrors.mappingConflict(() -> "done", reason -> "refused")).isEqualTo("done");
  }

  @Test
  void startOfARunningContainerIsDone() {
    assertThatCode(() -> DockerErrors.starting(() -> {
      throw new NotModifiedException("already started");
    }, CannotRun::new)).doesNotThrowAnyException();
  }

  @Test
  void startThatTheRuntimeCannotRunFailsWithTheCallersFailure() {
    assertThatThrownBy(() -> DockerErrors.starting(() -> {
      throw new BadRequestException("exec: \"nope\": executable file not found ");
    }, CannotRun::new)).isInstanceOf(CannotRun.class).hasMessageEndingWith("exec: \"nope\": executable file not found");
    assertThatThrownBy(() -> DockerErrors.starting(() -> {
      throw new InternalServerErrorException("OCI runtime create failed");
    }, CannotRun::new)).isInstanceOf(CannotRun.class);
  }

  @Test
  void startThatTheDaemonFailsOtherwiseIsRetried() {
    assertThatThrownBy(() -> DockerErrors.starting(() -> {
      throw new InternalServerErrorException("daemon busy");
    }, CannotRun::new)).isInstanceOf(InternalServerErrorException.class);
  }

  static final class CannotRun extends RuntimeException {
    CannotRun(String reason) {
      super(reason);
    }
  }
}
